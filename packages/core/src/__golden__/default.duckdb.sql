-- CHI scorecard "default" v1 (duckdb)
WITH "src" AS (
  SELECT
    CAST("customer_id" AS VARCHAR) AS ":customer_id",
    nullif(CAST("nps_last" AS DOUBLE), 'NaN'::DOUBLE) AS "nps_last",
    nullif(CAST("csat_avg" AS DOUBLE), 'NaN'::DOUBLE) AS "csat_avg",
    nullif(CAST("recency_ratio" AS DOUBLE), 'NaN'::DOUBLE) AS "recency_ratio",
    nullif(CAST("p_alive" AS DOUBLE), 'NaN'::DOUBLE) AS "p_alive",
    nullif(CAST("orders_count" AS DOUBLE), 'NaN'::DOUBLE) AS "orders_count",
    nullif(CAST("tickets_count" AS DOUBLE), 'NaN'::DOUBLE) AS "tickets_count",
    nullif(CAST("channels_count" AS DOUBLE), 'NaN'::DOUBLE) AS "channels_count",
    nullif(CAST("revenue" AS DOUBLE), 'NaN'::DOUBLE) AS "revenue",
    nullif(CAST("tenure_days" AS DOUBLE), 'NaN'::DOUBLE) AS "tenure_days"
  FROM read_parquet('snapshots.parquet')
),
"p0_z" AS (
  SELECT *,
    CASE WHEN "revenue" IS NULL THEN NULL ELSE (ln(1::DOUBLE + greatest("revenue", 0::DOUBLE)) - '4.765084208957328'::DOUBLE) / '3.1627445345342187'::DOUBLE END AS "z:revenue"
  FROM "src"
),
"p0_e" AS (
  SELECT *,
    abs("z:revenue") AS "za:revenue",
    CASE WHEN abs("z:revenue") > 37::DOUBLE THEN 0::DOUBLE ELSE exp(((-abs("z:revenue")) * abs("z:revenue")) / 2::DOUBLE) END AS "ze:revenue"
  FROM "p0_z"
),
"p0_s" AS (
  SELECT *,
    CASE WHEN "nps_last" IS NULL THEN NULL WHEN "nps_last" <= 4::DOUBLE THEN 0::DOUBLE WHEN "nps_last" <= 6::DOUBLE THEN 30::DOUBLE WHEN "nps_last" <= 8::DOUBLE THEN 70::DOUBLE ELSE 100::DOUBLE END AS "s:nps_last",
    CASE WHEN "csat_avg" IS NULL THEN NULL ELSE (least(greatest(("csat_avg" - 2::DOUBLE) / '2.5'::DOUBLE, 0::DOUBLE), 1::DOUBLE) + 0::DOUBLE) * 100::DOUBLE END AS "s:csat_avg",
    CASE WHEN "recency_ratio" IS NULL THEN NULL ELSE (least(greatest(("recency_ratio" - 3::DOUBLE) / (-2::DOUBLE), 0::DOUBLE), 1::DOUBLE) + 0::DOUBLE) * 100::DOUBLE END AS "s:recency_ratio",
    CASE WHEN "p_alive" IS NULL THEN NULL ELSE (least(greatest(("p_alive" - '0.2'::DOUBLE) / '0.7'::DOUBLE, 0::DOUBLE), 1::DOUBLE) + 0::DOUBLE) * 100::DOUBLE END AS "s:p_alive",
    CASE WHEN "orders_count" IS NULL THEN NULL WHEN "orders_count" <= 0::DOUBLE THEN 0::DOUBLE WHEN "orders_count" <= 1::DOUBLE THEN 30::DOUBLE WHEN "orders_count" <= 3::DOUBLE THEN 70::DOUBLE ELSE 100::DOUBLE END AS "s:orders_count",
    CASE WHEN "tickets_count" IS NULL THEN NULL WHEN "tickets_count" <= 0::DOUBLE THEN 100::DOUBLE WHEN "tickets_count" <= 2::DOUBLE THEN 70::DOUBLE WHEN "tickets_count" <= 5::DOUBLE THEN 30::DOUBLE ELSE 0::DOUBLE END AS "s:tickets_count",
    CASE WHEN "channels_count" IS NULL THEN NULL ELSE (least(greatest(("channels_count" - 0::DOUBLE) / 3::DOUBLE, 0::DOUBLE), 1::DOUBLE) + 0::DOUBLE) * 100::DOUBLE END AS "s:channels_count",
    CASE WHEN "revenue" IS NULL THEN NULL ELSE 100::DOUBLE * (CASE WHEN "z:revenue" > 0::DOUBLE THEN 1::DOUBLE - (CASE WHEN "za:revenue" > 37::DOUBLE THEN 0::DOUBLE WHEN "za:revenue" < '7.07106781186547'::DOUBLE THEN ("ze:revenue" * ((((((('0.0352624965998911'::DOUBLE) * "za:revenue" + '0.700383064443688'::DOUBLE) * "za:revenue" + '6.37396220353165'::DOUBLE) * "za:revenue" + '33.912866078383'::DOUBLE) * "za:revenue" + '112.079291497871'::DOUBLE) * "za:revenue" + '221.213596169931'::DOUBLE) * "za:revenue" + '220.206867912376'::DOUBLE)) / (((((((('0.0883883476483184'::DOUBLE) * "za:revenue" + '1.75566716318264'::DOUBLE) * "za:revenue" + '16.064177579207'::DOUBLE) * "za:revenue" + '86.7807322029461'::DOUBLE) * "za:revenue" + '296.564248779674'::DOUBLE) * "za:revenue" + '637.333633378831'::DOUBLE) * "za:revenue" + '793.826512519948'::DOUBLE) * "za:revenue" + '440.413735824752'::DOUBLE) ELSE "ze:revenue" / ("za:revenue" + 1::DOUBLE / ("za:revenue" + 2::DOUBLE / ("za:revenue" + 3::DOUBLE / ("za:revenue" + 4::DOUBLE / ("za:revenue" + '0.65'::DOUBLE))))) / '2.506628274631'::DOUBLE END) ELSE CASE WHEN "za:revenue" > 37::DOUBLE THEN 0::DOUBLE WHEN "za:revenue" < '7.07106781186547'::DOUBLE THEN ("ze:revenue" * ((((((('0.0352624965998911'::DOUBLE) * "za:revenue" + '0.700383064443688'::DOUBLE) * "za:revenue" + '6.37396220353165'::DOUBLE) * "za:revenue" + '33.912866078383'::DOUBLE) * "za:revenue" + '112.079291497871'::DOUBLE) * "za:revenue" + '221.213596169931'::DOUBLE) * "za:revenue" + '220.206867912376'::DOUBLE)) / (((((((('0.0883883476483184'::DOUBLE) * "za:revenue" + '1.75566716318264'::DOUBLE) * "za:revenue" + '16.064177579207'::DOUBLE) * "za:revenue" + '86.7807322029461'::DOUBLE) * "za:revenue" + '296.564248779674'::DOUBLE) * "za:revenue" + '637.333633378831'::DOUBLE) * "za:revenue" + '793.826512519948'::DOUBLE) * "za:revenue" + '440.413735824752'::DOUBLE) ELSE "ze:revenue" / ("za:revenue" + 1::DOUBLE / ("za:revenue" + 2::DOUBLE / ("za:revenue" + 3::DOUBLE / ("za:revenue" + 4::DOUBLE / ("za:revenue" + '0.65'::DOUBLE))))) / '2.506628274631'::DOUBLE END END) END AS "s:revenue",
    CASE WHEN "tenure_days" IS NULL THEN NULL ELSE (least(greatest(("tenure_days" - 30::DOUBLE) / 700::DOUBLE, 0::DOUBLE), 1::DOUBLE) + 0::DOUBLE) * 100::DOUBLE END AS "s:tenure_days"
  FROM "p0_e"
),
"p0_g" AS (
  SELECT *,
    (CASE WHEN "s:nps_last" IS NULL THEN 0::DOUBLE ELSE 60::DOUBLE END) + (CASE WHEN "s:csat_avg" IS NULL THEN 0::DOUBLE ELSE 40::DOUBLE END) AS "sw:satisfaction",
    (CASE WHEN "s:nps_last" IS NULL THEN 0::DOUBLE ELSE 60::DOUBLE * "s:nps_last" END) + (CASE WHEN "s:csat_avg" IS NULL THEN 0::DOUBLE ELSE 40::DOUBLE * "s:csat_avg" END) AS "sws:satisfaction",
    (CASE WHEN "s:recency_ratio" IS NULL THEN 0::DOUBLE ELSE 40::DOUBLE END) + (CASE WHEN "s:p_alive" IS NULL THEN 0::DOUBLE ELSE 25::DOUBLE END) + (CASE WHEN "s:orders_count" IS NULL THEN 0::DOUBLE ELSE 20::DOUBLE END) + (CASE WHEN "s:tickets_count" IS NULL THEN 0::DOUBLE ELSE 20::DOUBLE END) + (CASE WHEN "s:channels_count" IS NULL THEN 0::DOUBLE ELSE 15::DOUBLE END) AS "sw:engagement",
    (CASE WHEN "s:recency_ratio" IS NULL THEN 0::DOUBLE ELSE 40::DOUBLE * "s:recency_ratio" END) + (CASE WHEN "s:p_alive" IS NULL THEN 0::DOUBLE ELSE 25::DOUBLE * "s:p_alive" END) + (CASE WHEN "s:orders_count" IS NULL THEN 0::DOUBLE ELSE 20::DOUBLE * "s:orders_count" END) + (CASE WHEN "s:tickets_count" IS NULL THEN 0::DOUBLE ELSE 20::DOUBLE * "s:tickets_count" END) + (CASE WHEN "s:channels_count" IS NULL THEN 0::DOUBLE ELSE 15::DOUBLE * "s:channels_count" END) AS "sws:engagement",
    (CASE WHEN "s:revenue" IS NULL THEN 0::DOUBLE ELSE 70::DOUBLE END) + (CASE WHEN "s:tenure_days" IS NULL THEN 0::DOUBLE ELSE 30::DOUBLE END) AS "sw:value",
    (CASE WHEN "s:revenue" IS NULL THEN 0::DOUBLE ELSE 70::DOUBLE * "s:revenue" END) + (CASE WHEN "s:tenure_days" IS NULL THEN 0::DOUBLE ELSE 30::DOUBLE * "s:tenure_days" END) AS "sws:value",
    (CASE WHEN "s:nps_last" IS NULL THEN 0::DOUBLE ELSE '0.18'::DOUBLE END) + (CASE WHEN "s:csat_avg" IS NULL THEN 0::DOUBLE ELSE '0.12'::DOUBLE END) + (CASE WHEN "s:recency_ratio" IS NULL THEN 0::DOUBLE ELSE '0.15'::DOUBLE END) + (CASE WHEN "s:p_alive" IS NULL THEN 0::DOUBLE ELSE '0.09375'::DOUBLE END) + (CASE WHEN "s:orders_count" IS NULL THEN 0::DOUBLE ELSE '0.075'::DOUBLE END) + (CASE WHEN "s:tickets_count" IS NULL THEN 0::DOUBLE ELSE '0.075'::DOUBLE END) + (CASE WHEN "s:channels_count" IS NULL THEN 0::DOUBLE ELSE '0.05625'::DOUBLE END) + (CASE WHEN "s:revenue" IS NULL THEN 0::DOUBLE ELSE '0.175'::DOUBLE END) + (CASE WHEN "s:tenure_days" IS NULL THEN 0::DOUBLE ELSE '0.075'::DOUBLE END) AS ":coverage"
  FROM "p0_s"
),
"p0_c" AS (
  SELECT *,
    CASE WHEN "sw:satisfaction" > 0::DOUBLE THEN "sws:satisfaction" / "sw:satisfaction" ELSE NULL END AS "gs:satisfaction",
    CASE WHEN "sw:engagement" > 0::DOUBLE THEN "sws:engagement" / "sw:engagement" ELSE NULL END AS "gs:engagement",
    CASE WHEN "sw:value" > 0::DOUBLE THEN "sws:value" / "sw:value" ELSE NULL END AS "gs:value"
  FROM "p0_g"
),
"p0_t" AS (
  SELECT *,
    (CASE WHEN "gs:satisfaction" IS NULL THEN 0::DOUBLE ELSE 30::DOUBLE * "gs:satisfaction" END) + (CASE WHEN "gs:engagement" IS NULL THEN 0::DOUBLE ELSE 45::DOUBLE * "gs:engagement" END) + (CASE WHEN "gs:value" IS NULL THEN 0::DOUBLE ELSE 25::DOUBLE * "gs:value" END) AS ":total",
    (CASE WHEN "gs:satisfaction" IS NULL THEN 0::DOUBLE ELSE 30::DOUBLE END) + (CASE WHEN "gs:engagement" IS NULL THEN 0::DOUBLE ELSE 45::DOUBLE END) + (CASE WHEN "gs:value" IS NULL THEN 0::DOUBLE ELSE 25::DOUBLE END) AS ":gwp"
  FROM "p0_c"
),
"p0_r" AS (
  SELECT *,
    CASE WHEN ":gwp" > 0::DOUBLE THEN ":total" / ":gwp" ELSE 50::DOUBLE END AS ":score"
  FROM "p0_t"
),
"p0_l" AS (
  SELECT *,
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:satisfaction" > 0::DOUBLE THEN 60::DOUBLE * (30::DOUBLE / (":gwp" * "sw:satisfaction")) * (CASE WHEN "s:nps_last" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:nps_last" END) ELSE 0::DOUBLE END AS "l:nps_last",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:satisfaction" > 0::DOUBLE THEN 40::DOUBLE * (30::DOUBLE / (":gwp" * "sw:satisfaction")) * (CASE WHEN "s:csat_avg" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:csat_avg" END) ELSE 0::DOUBLE END AS "l:csat_avg",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:engagement" > 0::DOUBLE THEN 40::DOUBLE * (45::DOUBLE / (":gwp" * "sw:engagement")) * (CASE WHEN "s:recency_ratio" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:recency_ratio" END) ELSE 0::DOUBLE END AS "l:recency_ratio",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:engagement" > 0::DOUBLE THEN 25::DOUBLE * (45::DOUBLE / (":gwp" * "sw:engagement")) * (CASE WHEN "s:p_alive" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:p_alive" END) ELSE 0::DOUBLE END AS "l:p_alive",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:engagement" > 0::DOUBLE THEN 20::DOUBLE * (45::DOUBLE / (":gwp" * "sw:engagement")) * (CASE WHEN "s:orders_count" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:orders_count" END) ELSE 0::DOUBLE END AS "l:orders_count",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:engagement" > 0::DOUBLE THEN 20::DOUBLE * (45::DOUBLE / (":gwp" * "sw:engagement")) * (CASE WHEN "s:tickets_count" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:tickets_count" END) ELSE 0::DOUBLE END AS "l:tickets_count",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:engagement" > 0::DOUBLE THEN 15::DOUBLE * (45::DOUBLE / (":gwp" * "sw:engagement")) * (CASE WHEN "s:channels_count" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:channels_count" END) ELSE 0::DOUBLE END AS "l:channels_count",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:value" > 0::DOUBLE THEN 70::DOUBLE * (25::DOUBLE / (":gwp" * "sw:value")) * (CASE WHEN "s:revenue" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:revenue" END) ELSE 0::DOUBLE END AS "l:revenue",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:value" > 0::DOUBLE THEN 30::DOUBLE * (25::DOUBLE / (":gwp" * "sw:value")) * (CASE WHEN "s:tenure_days" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:tenure_days" END) ELSE 0::DOUBLE END AS "l:tenure_days"
  FROM "p0_r"
),
"p0_b" AS (
  SELECT *,
    greatest("l:nps_last", "l:csat_avg", "l:recency_ratio", "l:p_alive", "l:orders_count", "l:tickets_count", "l:channels_count", "l:revenue", "l:tenure_days") AS ":best"
  FROM "p0_l"
),
"p0_d" AS (
  SELECT *,
    CASE WHEN ":gwp" <= 0::DOUBLE THEN 'nps_last' WHEN ":best" <= 0::DOUBLE THEN NULL WHEN "l:nps_last" = ":best" THEN 'nps_last' WHEN "l:csat_avg" = ":best" THEN 'csat_avg' WHEN "l:recency_ratio" = ":best" THEN 'recency_ratio' WHEN "l:p_alive" = ":best" THEN 'p_alive' WHEN "l:orders_count" = ":best" THEN 'orders_count' WHEN "l:tickets_count" = ":best" THEN 'tickets_count' WHEN "l:channels_count" = ":best" THEN 'channels_count' WHEN "l:revenue" = ":best" THEN 'revenue' WHEN "l:tenure_days" = ":best" THEN 'tenure_days' END AS ":top_driver"
  FROM "p0_b"
)
SELECT ":customer_id" AS "customer_id", ":score" AS "score",
  CASE WHEN "tickets_count" >= 10::DOUBLE THEN 'red'
    WHEN "p_alive" <= '0.05'::DOUBLE THEN 'red'
    WHEN ":coverage" <= 0::DOUBLE OR ":coverage" < '0.599999999'::DOUBLE THEN 'unknown'
    WHEN ":score" >= '69.999999999'::DOUBLE THEN 'green'
    WHEN ":score" >= '39.999999999'::DOUBLE THEN 'yellow'
    ELSE 'red' END AS "band",
  ":coverage" AS "coverage", 'default' AS "scorecard",
  CASE WHEN "tickets_count" >= 10::DOUBLE THEN 'support escalation: 10 or more tickets in the window' WHEN "p_alive" <= '0.05'::DOUBLE THEN 'purchase model: at most a 5% chance the customer is still buying' ELSE NULL END AS "override", ":top_driver" AS "top_driver"
FROM "p0_d"
