-- CHI scorecard "golden's" v4 (duckdb)
WITH "src" AS (
  SELECT
    CAST("customer_id" AS VARCHAR) AS ":customer_id",
    CASE WHEN "segment" IN ('enterprise', 'strategic') THEN 1 ELSE 0 END AS ":plan",
    nullif(CAST("nps_last" AS DOUBLE), 'NaN'::DOUBLE) AS "nps_last",
    nullif(CAST("recency_ratio" AS DOUBLE), 'NaN'::DOUBLE) AS "recency_ratio",
    nullif(CAST("tickets_count" AS DOUBLE), 'NaN'::DOUBLE) AS "tickets_count",
    nullif(CAST("has_app" AS DOUBLE), 'NaN'::DOUBLE) AS "has_app",
    nullif(CAST("revenue" AS DOUBLE), 'NaN'::DOUBLE) AS "revenue",
    nullif(CAST("open_disputes" AS DOUBLE), 'NaN'::DOUBLE) AS "open_disputes",
    nullif(CAST("tenure_days" AS DOUBLE), 'NaN'::DOUBLE) AS "tenure_days"
  FROM snapshots
),
"p0_s" AS (
  SELECT *,
    CASE WHEN "nps_last" IS NULL THEN NULL ELSE (least(greatest(("nps_last" - 0::DOUBLE) / 10::DOUBLE, 0::DOUBLE), 1::DOUBLE) + 0::DOUBLE) * 100::DOUBLE END AS "s:nps_last",
    CASE WHEN "recency_ratio" IS NULL THEN NULL ELSE (least(greatest(("recency_ratio" - 3::DOUBLE) / (-2::DOUBLE), 0::DOUBLE), 1::DOUBLE) + 0::DOUBLE) * 100::DOUBLE END AS "s:recency_ratio",
    CASE WHEN "tickets_count" IS NULL THEN NULL WHEN "tickets_count" <= 0::DOUBLE THEN 100::DOUBLE WHEN "tickets_count" <= 2::DOUBLE THEN 70::DOUBLE WHEN "tickets_count" <= 5::DOUBLE THEN 30::DOUBLE ELSE 0::DOUBLE END AS "s:tickets_count",
    CASE WHEN "has_app" IS NULL THEN NULL WHEN "has_app" <> 0::DOUBLE THEN 100::DOUBLE ELSE 0::DOUBLE END AS "s:has_app",
    CASE WHEN "revenue" IS NULL THEN NULL
      WHEN "revenue" <= 0::DOUBLE THEN 25::DOUBLE
      WHEN "revenue" >= 100::DOUBLE THEN '87.5'::DOUBLE
      WHEN "revenue" < '4.0000000000000036'::DOUBLE THEN 25::DOUBLE + (("revenue" - 0::DOUBLE) / '4.0000000000000036'::DOUBLE) * 26::DOUBLE
      WHEN "revenue" < '8.000000000000007'::DOUBLE THEN 51::DOUBLE + (("revenue" - '4.0000000000000036'::DOUBLE) / '4.0000000000000036'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '12.00000000000001'::DOUBLE THEN 52::DOUBLE + (("revenue" - '8.000000000000007'::DOUBLE) / '4.0000000000000036'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '16.000000000000014'::DOUBLE THEN 53::DOUBLE + (("revenue" - '12.00000000000001'::DOUBLE) / '4.0000000000000036'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '20.000000000000018'::DOUBLE THEN 54::DOUBLE + (("revenue" - '16.000000000000014'::DOUBLE) / '4.0000000000000036'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '24.00000000000002'::DOUBLE THEN 55::DOUBLE + (("revenue" - '20.000000000000018'::DOUBLE) / '4.0000000000000036'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '27.99999999999998'::DOUBLE THEN 56::DOUBLE + (("revenue" - '24.00000000000002'::DOUBLE) / '3.9999999999999574'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '31.999999999999986'::DOUBLE THEN 57::DOUBLE + (("revenue" - '27.99999999999998'::DOUBLE) / '4.000000000000007'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '35.999999999999986'::DOUBLE THEN 58::DOUBLE + (("revenue" - '31.999999999999986'::DOUBLE) / 4::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '39.99999999999999'::DOUBLE THEN 59::DOUBLE + (("revenue" - '35.999999999999986'::DOUBLE) / '4.000000000000007'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '43.99999999999999'::DOUBLE THEN 60::DOUBLE + (("revenue" - '39.99999999999999'::DOUBLE) / 4::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < 48::DOUBLE THEN 61::DOUBLE + (("revenue" - '43.99999999999999'::DOUBLE) / '4.000000000000007'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < 52::DOUBLE THEN 62::DOUBLE + (("revenue" - 48::DOUBLE) / 4::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '56.00000000000001'::DOUBLE THEN 63::DOUBLE + (("revenue" - 52::DOUBLE) / '4.000000000000007'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '60.00000000000001'::DOUBLE THEN 64::DOUBLE + (("revenue" - '56.00000000000001'::DOUBLE) / 4::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '64.00000000000001'::DOUBLE THEN 65::DOUBLE + (("revenue" - '60.00000000000001'::DOUBLE) / '4.000000000000007'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '68.00000000000001'::DOUBLE THEN 66::DOUBLE + (("revenue" - '64.00000000000001'::DOUBLE) / 4::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '72.00000000000001'::DOUBLE THEN 67::DOUBLE + (("revenue" - '68.00000000000001'::DOUBLE) / 4::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '75.99999999999997'::DOUBLE THEN 68::DOUBLE + (("revenue" - '72.00000000000001'::DOUBLE) / '3.9999999999999574'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '79.99999999999999'::DOUBLE THEN 69::DOUBLE + (("revenue" - '75.99999999999997'::DOUBLE) / '4.000000000000014'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '83.99999999999999'::DOUBLE THEN 70::DOUBLE + (("revenue" - '79.99999999999999'::DOUBLE) / 4::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < '87.99999999999999'::DOUBLE THEN 71::DOUBLE + (("revenue" - '83.99999999999999'::DOUBLE) / 4::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < 92::DOUBLE THEN 72::DOUBLE + (("revenue" - '87.99999999999999'::DOUBLE) / '4.000000000000014'::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < 96::DOUBLE THEN 73::DOUBLE + (("revenue" - 92::DOUBLE) / 4::DOUBLE) * 1::DOUBLE
      WHEN "revenue" < 100::DOUBLE THEN 74::DOUBLE + (("revenue" - 96::DOUBLE) / 4::DOUBLE) * '13.5'::DOUBLE END AS "s:revenue"
  FROM "src" WHERE ":plan" = 0
),
"p0_g" AS (
  SELECT *,
    (CASE WHEN "s:nps_last" IS NULL THEN 0::DOUBLE ELSE 60::DOUBLE END) AS "sw:satisfaction",
    (CASE WHEN "s:nps_last" IS NULL THEN 0::DOUBLE ELSE 60::DOUBLE * "s:nps_last" END) AS "sws:satisfaction",
    (CASE WHEN "s:recency_ratio" IS NULL THEN 0::DOUBLE ELSE 50::DOUBLE END) + (CASE WHEN "s:tickets_count" IS NULL THEN 0::DOUBLE ELSE 20::DOUBLE END) + (CASE WHEN "s:has_app" IS NULL THEN 0::DOUBLE ELSE 10::DOUBLE END) AS "sw:engagement",
    (CASE WHEN "s:recency_ratio" IS NULL THEN 0::DOUBLE ELSE 50::DOUBLE * "s:recency_ratio" END) + (CASE WHEN "s:tickets_count" IS NULL THEN 0::DOUBLE ELSE 20::DOUBLE * "s:tickets_count" END) + (CASE WHEN "s:has_app" IS NULL THEN 0::DOUBLE ELSE 10::DOUBLE * "s:has_app" END) AS "sws:engagement",
    (CASE WHEN "s:revenue" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE END) AS "sw:value",
    (CASE WHEN "s:revenue" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE * "s:revenue" END) AS "sws:value",
    (CASE WHEN "s:nps_last" IS NULL THEN 0::DOUBLE ELSE '0.35'::DOUBLE END) + (CASE WHEN "s:recency_ratio" IS NULL THEN 0::DOUBLE ELSE '0.25'::DOUBLE END) + (CASE WHEN "s:tickets_count" IS NULL THEN 0::DOUBLE ELSE '0.1'::DOUBLE END) + (CASE WHEN "s:has_app" IS NULL THEN 0::DOUBLE ELSE '0.05'::DOUBLE END) + (CASE WHEN "s:revenue" IS NULL THEN 0::DOUBLE ELSE '0.25'::DOUBLE END) AS ":coverage"
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
    (CASE WHEN "gs:satisfaction" IS NULL THEN 0::DOUBLE ELSE 35::DOUBLE * "gs:satisfaction" END) + (CASE WHEN "gs:engagement" IS NULL THEN 0::DOUBLE ELSE 40::DOUBLE * "gs:engagement" END) + (CASE WHEN "gs:value" IS NULL THEN 0::DOUBLE ELSE 25::DOUBLE * "gs:value" END) AS ":total",
    (CASE WHEN "gs:satisfaction" IS NULL THEN 0::DOUBLE ELSE 35::DOUBLE END) + (CASE WHEN "gs:engagement" IS NULL THEN 0::DOUBLE ELSE 40::DOUBLE END) + (CASE WHEN "gs:value" IS NULL THEN 0::DOUBLE ELSE 25::DOUBLE END) AS ":gwp"
  FROM "p0_c"
),
"p0_r" AS (
  SELECT *,
    CASE WHEN ":gwp" > 0::DOUBLE THEN ":total" / ":gwp" ELSE 50::DOUBLE END AS ":score"
  FROM "p0_t"
),
"p0_l" AS (
  SELECT *,
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:satisfaction" > 0::DOUBLE THEN 60::DOUBLE * (35::DOUBLE / (":gwp" * "sw:satisfaction")) * (CASE WHEN "s:nps_last" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:nps_last" END) ELSE 0::DOUBLE END AS "l:nps_last",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:engagement" > 0::DOUBLE THEN 50::DOUBLE * (40::DOUBLE / (":gwp" * "sw:engagement")) * (CASE WHEN "s:recency_ratio" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:recency_ratio" END) ELSE 0::DOUBLE END AS "l:recency_ratio",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:engagement" > 0::DOUBLE THEN 20::DOUBLE * (40::DOUBLE / (":gwp" * "sw:engagement")) * (CASE WHEN "s:tickets_count" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:tickets_count" END) ELSE 0::DOUBLE END AS "l:tickets_count",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:engagement" > 0::DOUBLE THEN 10::DOUBLE * (40::DOUBLE / (":gwp" * "sw:engagement")) * (CASE WHEN "s:has_app" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:has_app" END) ELSE 0::DOUBLE END AS "l:has_app",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:value" > 0::DOUBLE THEN 100::DOUBLE * (25::DOUBLE / (":gwp" * "sw:value")) * (CASE WHEN "s:revenue" IS NULL THEN 0::DOUBLE ELSE 100::DOUBLE - "s:revenue" END) ELSE 0::DOUBLE END AS "l:revenue"
  FROM "p0_r"
),
"p0_b" AS (
  SELECT *,
    greatest("l:nps_last", "l:recency_ratio", "l:tickets_count", "l:has_app", "l:revenue") AS ":best"
  FROM "p0_l"
),
"p0_d" AS (
  SELECT *,
    CASE WHEN ":gwp" <= 0::DOUBLE THEN 'nps_last' WHEN ":best" <= 0::DOUBLE THEN NULL WHEN "l:nps_last" = ":best" THEN 'nps_last' WHEN "l:recency_ratio" = ":best" THEN 'recency_ratio' WHEN "l:tickets_count" = ":best" THEN 'tickets_count' WHEN "l:has_app" = ":best" THEN 'has_app' WHEN "l:revenue" = ":best" THEN 'revenue' END AS ":top_driver"
  FROM "p0_b"
),
"p1_z" AS (
  SELECT *,
    CASE WHEN "revenue" IS NULL THEN NULL ELSE (ln(1::DOUBLE + greatest("revenue", 0::DOUBLE)) - '8.443228500673433'::DOUBLE) / '1.4987682481336433'::DOUBLE END AS "z:revenue",
    CASE WHEN "tenure_days" IS NULL THEN NULL ELSE -(("tenure_days" - '933.3333333333334'::DOUBLE) / '611.0100926607787'::DOUBLE) END AS "z:tenure_days"
  FROM "src" WHERE ":plan" = 1
),
"p1_e" AS (
  SELECT *,
    abs("z:revenue") AS "za:revenue",
    CASE WHEN abs("z:revenue") > 37::DOUBLE THEN 0::DOUBLE ELSE exp(((-abs("z:revenue")) * abs("z:revenue")) / 2::DOUBLE) END AS "ze:revenue",
    abs("z:tenure_days") AS "za:tenure_days",
    CASE WHEN abs("z:tenure_days") > 37::DOUBLE THEN 0::DOUBLE ELSE exp(((-abs("z:tenure_days")) * abs("z:tenure_days")) / 2::DOUBLE) END AS "ze:tenure_days"
  FROM "p1_z"
),
"p1_s" AS (
  SELECT *,
    CASE WHEN "revenue" IS NULL THEN NULL ELSE 100::DOUBLE * (CASE WHEN "z:revenue" > 0::DOUBLE THEN 1::DOUBLE - (CASE WHEN "za:revenue" > 37::DOUBLE THEN 0::DOUBLE WHEN "za:revenue" < '7.07106781186547'::DOUBLE THEN ("ze:revenue" * ((((((('0.0352624965998911'::DOUBLE) * "za:revenue" + '0.700383064443688'::DOUBLE) * "za:revenue" + '6.37396220353165'::DOUBLE) * "za:revenue" + '33.912866078383'::DOUBLE) * "za:revenue" + '112.079291497871'::DOUBLE) * "za:revenue" + '221.213596169931'::DOUBLE) * "za:revenue" + '220.206867912376'::DOUBLE)) / (((((((('0.0883883476483184'::DOUBLE) * "za:revenue" + '1.75566716318264'::DOUBLE) * "za:revenue" + '16.064177579207'::DOUBLE) * "za:revenue" + '86.7807322029461'::DOUBLE) * "za:revenue" + '296.564248779674'::DOUBLE) * "za:revenue" + '637.333633378831'::DOUBLE) * "za:revenue" + '793.826512519948'::DOUBLE) * "za:revenue" + '440.413735824752'::DOUBLE) ELSE "ze:revenue" / ("za:revenue" + 1::DOUBLE / ("za:revenue" + 2::DOUBLE / ("za:revenue" + 3::DOUBLE / ("za:revenue" + 4::DOUBLE / ("za:revenue" + '0.65'::DOUBLE))))) / '2.506628274631'::DOUBLE END) ELSE CASE WHEN "za:revenue" > 37::DOUBLE THEN 0::DOUBLE WHEN "za:revenue" < '7.07106781186547'::DOUBLE THEN ("ze:revenue" * ((((((('0.0352624965998911'::DOUBLE) * "za:revenue" + '0.700383064443688'::DOUBLE) * "za:revenue" + '6.37396220353165'::DOUBLE) * "za:revenue" + '33.912866078383'::DOUBLE) * "za:revenue" + '112.079291497871'::DOUBLE) * "za:revenue" + '221.213596169931'::DOUBLE) * "za:revenue" + '220.206867912376'::DOUBLE)) / (((((((('0.0883883476483184'::DOUBLE) * "za:revenue" + '1.75566716318264'::DOUBLE) * "za:revenue" + '16.064177579207'::DOUBLE) * "za:revenue" + '86.7807322029461'::DOUBLE) * "za:revenue" + '296.564248779674'::DOUBLE) * "za:revenue" + '637.333633378831'::DOUBLE) * "za:revenue" + '793.826512519948'::DOUBLE) * "za:revenue" + '440.413735824752'::DOUBLE) ELSE "ze:revenue" / ("za:revenue" + 1::DOUBLE / ("za:revenue" + 2::DOUBLE / ("za:revenue" + 3::DOUBLE / ("za:revenue" + 4::DOUBLE / ("za:revenue" + '0.65'::DOUBLE))))) / '2.506628274631'::DOUBLE END END) END AS "s:revenue",
    CASE WHEN "tenure_days" IS NULL THEN NULL ELSE 100::DOUBLE * (CASE WHEN "z:tenure_days" > 0::DOUBLE THEN 1::DOUBLE - (CASE WHEN "za:tenure_days" > 37::DOUBLE THEN 0::DOUBLE WHEN "za:tenure_days" < '7.07106781186547'::DOUBLE THEN ("ze:tenure_days" * ((((((('0.0352624965998911'::DOUBLE) * "za:tenure_days" + '0.700383064443688'::DOUBLE) * "za:tenure_days" + '6.37396220353165'::DOUBLE) * "za:tenure_days" + '33.912866078383'::DOUBLE) * "za:tenure_days" + '112.079291497871'::DOUBLE) * "za:tenure_days" + '221.213596169931'::DOUBLE) * "za:tenure_days" + '220.206867912376'::DOUBLE)) / (((((((('0.0883883476483184'::DOUBLE) * "za:tenure_days" + '1.75566716318264'::DOUBLE) * "za:tenure_days" + '16.064177579207'::DOUBLE) * "za:tenure_days" + '86.7807322029461'::DOUBLE) * "za:tenure_days" + '296.564248779674'::DOUBLE) * "za:tenure_days" + '637.333633378831'::DOUBLE) * "za:tenure_days" + '793.826512519948'::DOUBLE) * "za:tenure_days" + '440.413735824752'::DOUBLE) ELSE "ze:tenure_days" / ("za:tenure_days" + 1::DOUBLE / ("za:tenure_days" + 2::DOUBLE / ("za:tenure_days" + 3::DOUBLE / ("za:tenure_days" + 4::DOUBLE / ("za:tenure_days" + '0.65'::DOUBLE))))) / '2.506628274631'::DOUBLE END) ELSE CASE WHEN "za:tenure_days" > 37::DOUBLE THEN 0::DOUBLE WHEN "za:tenure_days" < '7.07106781186547'::DOUBLE THEN ("ze:tenure_days" * ((((((('0.0352624965998911'::DOUBLE) * "za:tenure_days" + '0.700383064443688'::DOUBLE) * "za:tenure_days" + '6.37396220353165'::DOUBLE) * "za:tenure_days" + '33.912866078383'::DOUBLE) * "za:tenure_days" + '112.079291497871'::DOUBLE) * "za:tenure_days" + '221.213596169931'::DOUBLE) * "za:tenure_days" + '220.206867912376'::DOUBLE)) / (((((((('0.0883883476483184'::DOUBLE) * "za:tenure_days" + '1.75566716318264'::DOUBLE) * "za:tenure_days" + '16.064177579207'::DOUBLE) * "za:tenure_days" + '86.7807322029461'::DOUBLE) * "za:tenure_days" + '296.564248779674'::DOUBLE) * "za:tenure_days" + '637.333633378831'::DOUBLE) * "za:tenure_days" + '793.826512519948'::DOUBLE) * "za:tenure_days" + '440.413735824752'::DOUBLE) ELSE "ze:tenure_days" / ("za:tenure_days" + 1::DOUBLE / ("za:tenure_days" + 2::DOUBLE / ("za:tenure_days" + 3::DOUBLE / ("za:tenure_days" + 4::DOUBLE / ("za:tenure_days" + '0.65'::DOUBLE))))) / '2.506628274631'::DOUBLE END END) END AS "s:tenure_days"
  FROM "p1_e"
),
"p1_g" AS (
  SELECT *,
    2::DOUBLE + 1::DOUBLE AS "sw:value",
    2::DOUBLE * coalesce("s:revenue", 50::DOUBLE) + 1::DOUBLE * coalesce("s:tenure_days", 50::DOUBLE) AS "sws:value",
    (CASE WHEN "s:revenue" IS NULL THEN 0::DOUBLE ELSE '0.6666666666666666'::DOUBLE END) + (CASE WHEN "s:tenure_days" IS NULL THEN 0::DOUBLE ELSE '0.3333333333333333'::DOUBLE END) AS ":coverage"
  FROM "p1_s"
),
"p1_c" AS (
  SELECT *,
    CASE WHEN "sw:value" > 0::DOUBLE THEN "sws:value" / "sw:value" ELSE NULL END AS "gs:value"
  FROM "p1_g"
),
"p1_t" AS (
  SELECT *,
    (CASE WHEN "gs:value" IS NULL THEN 0::DOUBLE ELSE 1::DOUBLE * "gs:value" END) AS ":total",
    (CASE WHEN "gs:value" IS NULL THEN 0::DOUBLE ELSE 1::DOUBLE END) AS ":gwp"
  FROM "p1_c"
),
"p1_r" AS (
  SELECT *,
    CASE WHEN ":gwp" > 0::DOUBLE THEN ":total" / ":gwp" ELSE 50::DOUBLE END AS ":score"
  FROM "p1_t"
),
"p1_l" AS (
  SELECT *,
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:value" > 0::DOUBLE THEN 2::DOUBLE * (1::DOUBLE / (":gwp" * "sw:value")) * (CASE WHEN "s:revenue" IS NULL THEN 50::DOUBLE ELSE 100::DOUBLE - "s:revenue" END) ELSE 0::DOUBLE END AS "l:revenue",
    CASE WHEN ":gwp" > 0::DOUBLE AND "sw:value" > 0::DOUBLE THEN 1::DOUBLE * (1::DOUBLE / (":gwp" * "sw:value")) * (CASE WHEN "s:tenure_days" IS NULL THEN 50::DOUBLE ELSE 100::DOUBLE - "s:tenure_days" END) ELSE 0::DOUBLE END AS "l:tenure_days"
  FROM "p1_r"
),
"p1_b" AS (
  SELECT *,
    greatest("l:revenue", "l:tenure_days") AS ":best"
  FROM "p1_l"
),
"p1_d" AS (
  SELECT *,
    CASE WHEN ":gwp" <= 0::DOUBLE THEN 'revenue' WHEN ":best" <= 0::DOUBLE THEN NULL WHEN "l:revenue" = ":best" THEN 'revenue' WHEN "l:tenure_days" = ":best" THEN 'tenure_days' END AS ":top_driver"
  FROM "p1_b"
)
SELECT ":customer_id" AS "customer_id", ":score" AS "score",
  CASE WHEN "tickets_count" >= 10::DOUBLE THEN 'red'
    WHEN "nps_last" IS NULL AND "open_disputes" > 0::DOUBLE THEN 'red'
    WHEN ":coverage" <= 0::DOUBLE OR ":coverage" < '0.599999999'::DOUBLE THEN 'unknown'
    WHEN ":score" >= '69.999999999'::DOUBLE THEN 'green'
    WHEN ":score" >= '39.999999999'::DOUBLE THEN 'yellow'
    ELSE 'red' END AS "band",
  ":coverage" AS "coverage", 'default' AS "scorecard",
  CASE WHEN "tickets_count" >= 10::DOUBLE THEN 'support escalation' WHEN "nps_last" IS NULL AND "open_disputes" > 0::DOUBLE THEN 'customer''s dispute' ELSE NULL END AS "override", ":top_driver" AS "top_driver"
FROM "p0_d"
UNION ALL
SELECT ":customer_id" AS "customer_id", ":score" AS "score",
  CASE WHEN "tickets_count" >= 10::DOUBLE THEN 'red'
    WHEN "nps_last" IS NULL AND "open_disputes" > 0::DOUBLE THEN 'red'
    WHEN ":coverage" <= 0::DOUBLE OR ":coverage" < '0.499999999'::DOUBLE THEN 'unknown'
    WHEN ":score" >= '69.999999999'::DOUBLE THEN 'green'
    WHEN ":score" >= '39.999999999'::DOUBLE THEN 'yellow'
    ELSE 'red' END AS "band",
  ":coverage" AS "coverage", 'enterprise' AS "scorecard",
  CASE WHEN "tickets_count" >= 10::DOUBLE THEN 'support escalation' WHEN "nps_last" IS NULL AND "open_disputes" > 0::DOUBLE THEN 'customer''s dispute' ELSE NULL END AS "override", ":top_driver" AS "top_driver"
FROM "p1_d"
