-- CHI scorecard "golden's" v4 (postgres)
WITH "src" AS (
  SELECT
    CAST("Customer ID" AS text) AS ":customer_id",
    CASE WHEN "tier" IN ('enterprise', 'strategic') THEN 1 ELSE 0 END AS ":plan",
    nullif(CAST("nps_last" AS double precision), 'NaN'::double precision) AS "nps_last",
    nullif(CAST("recency_ratio" AS double precision), 'NaN'::double precision) AS "recency_ratio",
    nullif(CAST("tickets_count" AS double precision), 'NaN'::double precision) AS "tickets_count",
    nullif(CAST("has_app" AS double precision), 'NaN'::double precision) AS "has_app",
    nullif(CAST("revenue" AS double precision), 'NaN'::double precision) AS "revenue",
    nullif(CAST("open_disputes" AS double precision), 'NaN'::double precision) AS "open_disputes",
    nullif(CAST("tenure_days" AS double precision), 'NaN'::double precision) AS "tenure_days"
  FROM analytics.snapshots
),
"p0_s" AS MATERIALIZED (
  SELECT *,
    CASE WHEN "nps_last" IS NULL THEN NULL ELSE (least(greatest(("nps_last" - 0::double precision) / 10::double precision, 0::double precision), 1::double precision) + 0::double precision) * 100::double precision END AS "s:nps_last",
    CASE WHEN "recency_ratio" IS NULL THEN NULL ELSE (least(greatest(("recency_ratio" - 3::double precision) / (-2::double precision), 0::double precision), 1::double precision) + 0::double precision) * 100::double precision END AS "s:recency_ratio",
    CASE WHEN "tickets_count" IS NULL THEN NULL WHEN "tickets_count" <= 0::double precision THEN 100::double precision WHEN "tickets_count" <= 2::double precision THEN 70::double precision WHEN "tickets_count" <= 5::double precision THEN 30::double precision ELSE 0::double precision END AS "s:tickets_count",
    CASE WHEN "has_app" IS NULL THEN NULL WHEN "has_app" <> 0::double precision THEN 100::double precision ELSE 0::double precision END AS "s:has_app",
    CASE WHEN "revenue" IS NULL THEN NULL
      WHEN "revenue" <= 0::double precision THEN 25::double precision
      WHEN "revenue" >= 100::double precision THEN '87.5'::double precision
      WHEN "revenue" < '4.0000000000000036'::double precision THEN 25::double precision + (("revenue" - 0::double precision) / '4.0000000000000036'::double precision) * 26::double precision
      WHEN "revenue" < '8.000000000000007'::double precision THEN 51::double precision + (("revenue" - '4.0000000000000036'::double precision) / '4.0000000000000036'::double precision) * 1::double precision
      WHEN "revenue" < '12.00000000000001'::double precision THEN 52::double precision + (("revenue" - '8.000000000000007'::double precision) / '4.0000000000000036'::double precision) * 1::double precision
      WHEN "revenue" < '16.000000000000014'::double precision THEN 53::double precision + (("revenue" - '12.00000000000001'::double precision) / '4.0000000000000036'::double precision) * 1::double precision
      WHEN "revenue" < '20.000000000000018'::double precision THEN 54::double precision + (("revenue" - '16.000000000000014'::double precision) / '4.0000000000000036'::double precision) * 1::double precision
      WHEN "revenue" < '24.00000000000002'::double precision THEN 55::double precision + (("revenue" - '20.000000000000018'::double precision) / '4.0000000000000036'::double precision) * 1::double precision
      WHEN "revenue" < '27.99999999999998'::double precision THEN 56::double precision + (("revenue" - '24.00000000000002'::double precision) / '3.9999999999999574'::double precision) * 1::double precision
      WHEN "revenue" < '31.999999999999986'::double precision THEN 57::double precision + (("revenue" - '27.99999999999998'::double precision) / '4.000000000000007'::double precision) * 1::double precision
      WHEN "revenue" < '35.999999999999986'::double precision THEN 58::double precision + (("revenue" - '31.999999999999986'::double precision) / 4::double precision) * 1::double precision
      WHEN "revenue" < '39.99999999999999'::double precision THEN 59::double precision + (("revenue" - '35.999999999999986'::double precision) / '4.000000000000007'::double precision) * 1::double precision
      WHEN "revenue" < '43.99999999999999'::double precision THEN 60::double precision + (("revenue" - '39.99999999999999'::double precision) / 4::double precision) * 1::double precision
      WHEN "revenue" < 48::double precision THEN 61::double precision + (("revenue" - '43.99999999999999'::double precision) / '4.000000000000007'::double precision) * 1::double precision
      WHEN "revenue" < 52::double precision THEN 62::double precision + (("revenue" - 48::double precision) / 4::double precision) * 1::double precision
      WHEN "revenue" < '56.00000000000001'::double precision THEN 63::double precision + (("revenue" - 52::double precision) / '4.000000000000007'::double precision) * 1::double precision
      WHEN "revenue" < '60.00000000000001'::double precision THEN 64::double precision + (("revenue" - '56.00000000000001'::double precision) / 4::double precision) * 1::double precision
      WHEN "revenue" < '64.00000000000001'::double precision THEN 65::double precision + (("revenue" - '60.00000000000001'::double precision) / '4.000000000000007'::double precision) * 1::double precision
      WHEN "revenue" < '68.00000000000001'::double precision THEN 66::double precision + (("revenue" - '64.00000000000001'::double precision) / 4::double precision) * 1::double precision
      WHEN "revenue" < '72.00000000000001'::double precision THEN 67::double precision + (("revenue" - '68.00000000000001'::double precision) / 4::double precision) * 1::double precision
      WHEN "revenue" < '75.99999999999997'::double precision THEN 68::double precision + (("revenue" - '72.00000000000001'::double precision) / '3.9999999999999574'::double precision) * 1::double precision
      WHEN "revenue" < '79.99999999999999'::double precision THEN 69::double precision + (("revenue" - '75.99999999999997'::double precision) / '4.000000000000014'::double precision) * 1::double precision
      WHEN "revenue" < '83.99999999999999'::double precision THEN 70::double precision + (("revenue" - '79.99999999999999'::double precision) / 4::double precision) * 1::double precision
      WHEN "revenue" < '87.99999999999999'::double precision THEN 71::double precision + (("revenue" - '83.99999999999999'::double precision) / 4::double precision) * 1::double precision
      WHEN "revenue" < 92::double precision THEN 72::double precision + (("revenue" - '87.99999999999999'::double precision) / '4.000000000000014'::double precision) * 1::double precision
      WHEN "revenue" < 96::double precision THEN 73::double precision + (("revenue" - 92::double precision) / 4::double precision) * 1::double precision
      WHEN "revenue" < 100::double precision THEN 74::double precision + (("revenue" - 96::double precision) / 4::double precision) * '13.5'::double precision END AS "s:revenue"
  FROM "src" WHERE ":plan" = 0
),
"p0_g" AS MATERIALIZED (
  SELECT *,
    (CASE WHEN "s:nps_last" IS NULL THEN 0::double precision ELSE 60::double precision END) AS "sw:satisfaction",
    (CASE WHEN "s:nps_last" IS NULL THEN 0::double precision ELSE 60::double precision * "s:nps_last" END) AS "sws:satisfaction",
    (CASE WHEN "s:recency_ratio" IS NULL THEN 0::double precision ELSE 50::double precision END) + (CASE WHEN "s:tickets_count" IS NULL THEN 0::double precision ELSE 20::double precision END) + (CASE WHEN "s:has_app" IS NULL THEN 0::double precision ELSE 10::double precision END) AS "sw:engagement",
    (CASE WHEN "s:recency_ratio" IS NULL THEN 0::double precision ELSE 50::double precision * "s:recency_ratio" END) + (CASE WHEN "s:tickets_count" IS NULL THEN 0::double precision ELSE 20::double precision * "s:tickets_count" END) + (CASE WHEN "s:has_app" IS NULL THEN 0::double precision ELSE 10::double precision * "s:has_app" END) AS "sws:engagement",
    (CASE WHEN "s:revenue" IS NULL THEN 0::double precision ELSE 100::double precision END) AS "sw:value",
    (CASE WHEN "s:revenue" IS NULL THEN 0::double precision ELSE 100::double precision * "s:revenue" END) AS "sws:value",
    (CASE WHEN "s:nps_last" IS NULL THEN 0::double precision ELSE '0.35'::double precision END) + (CASE WHEN "s:recency_ratio" IS NULL THEN 0::double precision ELSE '0.25'::double precision END) + (CASE WHEN "s:tickets_count" IS NULL THEN 0::double precision ELSE '0.1'::double precision END) + (CASE WHEN "s:has_app" IS NULL THEN 0::double precision ELSE '0.05'::double precision END) + (CASE WHEN "s:revenue" IS NULL THEN 0::double precision ELSE '0.25'::double precision END) AS ":coverage"
  FROM "p0_s"
),
"p0_c" AS MATERIALIZED (
  SELECT *,
    CASE WHEN "sw:satisfaction" > 0::double precision THEN "sws:satisfaction" / "sw:satisfaction" ELSE NULL END AS "gs:satisfaction",
    CASE WHEN "sw:engagement" > 0::double precision THEN "sws:engagement" / "sw:engagement" ELSE NULL END AS "gs:engagement",
    CASE WHEN "sw:value" > 0::double precision THEN "sws:value" / "sw:value" ELSE NULL END AS "gs:value"
  FROM "p0_g"
),
"p0_t" AS MATERIALIZED (
  SELECT *,
    (CASE WHEN "gs:satisfaction" IS NULL THEN 0::double precision ELSE 35::double precision * "gs:satisfaction" END) + (CASE WHEN "gs:engagement" IS NULL THEN 0::double precision ELSE 40::double precision * "gs:engagement" END) + (CASE WHEN "gs:value" IS NULL THEN 0::double precision ELSE 25::double precision * "gs:value" END) AS ":total",
    (CASE WHEN "gs:satisfaction" IS NULL THEN 0::double precision ELSE 35::double precision END) + (CASE WHEN "gs:engagement" IS NULL THEN 0::double precision ELSE 40::double precision END) + (CASE WHEN "gs:value" IS NULL THEN 0::double precision ELSE 25::double precision END) AS ":gwp"
  FROM "p0_c"
),
"p0_r" AS MATERIALIZED (
  SELECT *,
    CASE WHEN ":gwp" > 0::double precision THEN ":total" / ":gwp" ELSE 50::double precision END AS ":score"
  FROM "p0_t"
),
"p0_l" AS MATERIALIZED (
  SELECT *,
    CASE WHEN ":gwp" > 0::double precision AND "sw:satisfaction" > 0::double precision THEN 60::double precision * (35::double precision / (":gwp" * "sw:satisfaction")) * (CASE WHEN "s:nps_last" IS NULL THEN 0::double precision ELSE 100::double precision - "s:nps_last" END) ELSE 0::double precision END AS "l:nps_last",
    CASE WHEN ":gwp" > 0::double precision AND "sw:engagement" > 0::double precision THEN 50::double precision * (40::double precision / (":gwp" * "sw:engagement")) * (CASE WHEN "s:recency_ratio" IS NULL THEN 0::double precision ELSE 100::double precision - "s:recency_ratio" END) ELSE 0::double precision END AS "l:recency_ratio",
    CASE WHEN ":gwp" > 0::double precision AND "sw:engagement" > 0::double precision THEN 20::double precision * (40::double precision / (":gwp" * "sw:engagement")) * (CASE WHEN "s:tickets_count" IS NULL THEN 0::double precision ELSE 100::double precision - "s:tickets_count" END) ELSE 0::double precision END AS "l:tickets_count",
    CASE WHEN ":gwp" > 0::double precision AND "sw:engagement" > 0::double precision THEN 10::double precision * (40::double precision / (":gwp" * "sw:engagement")) * (CASE WHEN "s:has_app" IS NULL THEN 0::double precision ELSE 100::double precision - "s:has_app" END) ELSE 0::double precision END AS "l:has_app",
    CASE WHEN ":gwp" > 0::double precision AND "sw:value" > 0::double precision THEN 100::double precision * (25::double precision / (":gwp" * "sw:value")) * (CASE WHEN "s:revenue" IS NULL THEN 0::double precision ELSE 100::double precision - "s:revenue" END) ELSE 0::double precision END AS "l:revenue"
  FROM "p0_r"
),
"p0_b" AS MATERIALIZED (
  SELECT *,
    greatest("l:nps_last", "l:recency_ratio", "l:tickets_count", "l:has_app", "l:revenue") AS ":best"
  FROM "p0_l"
),
"p0_d" AS MATERIALIZED (
  SELECT *,
    CASE WHEN ":gwp" <= 0::double precision THEN 'nps_last' WHEN ":best" <= 0::double precision THEN NULL WHEN "l:nps_last" = ":best" THEN 'nps_last' WHEN "l:recency_ratio" = ":best" THEN 'recency_ratio' WHEN "l:tickets_count" = ":best" THEN 'tickets_count' WHEN "l:has_app" = ":best" THEN 'has_app' WHEN "l:revenue" = ":best" THEN 'revenue' END AS ":top_driver"
  FROM "p0_b"
),
"p1_z" AS MATERIALIZED (
  SELECT *,
    CASE WHEN "revenue" IS NULL THEN NULL ELSE (ln(1::double precision + greatest("revenue", 0::double precision)) - '8.443228500673433'::double precision) / '1.4987682481336433'::double precision END AS "z:revenue",
    CASE WHEN "tenure_days" IS NULL THEN NULL ELSE -(("tenure_days" - '933.3333333333334'::double precision) / '611.0100926607787'::double precision) END AS "z:tenure_days"
  FROM "src" WHERE ":plan" = 1
),
"p1_e" AS MATERIALIZED (
  SELECT *,
    abs("z:revenue") AS "za:revenue",
    CASE WHEN abs("z:revenue") > 37::double precision THEN 0::double precision ELSE exp(((-abs("z:revenue")) * abs("z:revenue")) / 2::double precision) END AS "ze:revenue",
    abs("z:tenure_days") AS "za:tenure_days",
    CASE WHEN abs("z:tenure_days") > 37::double precision THEN 0::double precision ELSE exp(((-abs("z:tenure_days")) * abs("z:tenure_days")) / 2::double precision) END AS "ze:tenure_days"
  FROM "p1_z"
),
"p1_s" AS MATERIALIZED (
  SELECT *,
    CASE WHEN "revenue" IS NULL THEN NULL ELSE 100::double precision * (CASE WHEN "z:revenue" > 0::double precision THEN 1::double precision - (CASE WHEN "za:revenue" > 37::double precision THEN 0::double precision WHEN "za:revenue" < '7.07106781186547'::double precision THEN ("ze:revenue" * ((((((('0.0352624965998911'::double precision) * "za:revenue" + '0.700383064443688'::double precision) * "za:revenue" + '6.37396220353165'::double precision) * "za:revenue" + '33.912866078383'::double precision) * "za:revenue" + '112.079291497871'::double precision) * "za:revenue" + '221.213596169931'::double precision) * "za:revenue" + '220.206867912376'::double precision)) / (((((((('0.0883883476483184'::double precision) * "za:revenue" + '1.75566716318264'::double precision) * "za:revenue" + '16.064177579207'::double precision) * "za:revenue" + '86.7807322029461'::double precision) * "za:revenue" + '296.564248779674'::double precision) * "za:revenue" + '637.333633378831'::double precision) * "za:revenue" + '793.826512519948'::double precision) * "za:revenue" + '440.413735824752'::double precision) ELSE "ze:revenue" / ("za:revenue" + 1::double precision / ("za:revenue" + 2::double precision / ("za:revenue" + 3::double precision / ("za:revenue" + 4::double precision / ("za:revenue" + '0.65'::double precision))))) / '2.506628274631'::double precision END) ELSE CASE WHEN "za:revenue" > 37::double precision THEN 0::double precision WHEN "za:revenue" < '7.07106781186547'::double precision THEN ("ze:revenue" * ((((((('0.0352624965998911'::double precision) * "za:revenue" + '0.700383064443688'::double precision) * "za:revenue" + '6.37396220353165'::double precision) * "za:revenue" + '33.912866078383'::double precision) * "za:revenue" + '112.079291497871'::double precision) * "za:revenue" + '221.213596169931'::double precision) * "za:revenue" + '220.206867912376'::double precision)) / (((((((('0.0883883476483184'::double precision) * "za:revenue" + '1.75566716318264'::double precision) * "za:revenue" + '16.064177579207'::double precision) * "za:revenue" + '86.7807322029461'::double precision) * "za:revenue" + '296.564248779674'::double precision) * "za:revenue" + '637.333633378831'::double precision) * "za:revenue" + '793.826512519948'::double precision) * "za:revenue" + '440.413735824752'::double precision) ELSE "ze:revenue" / ("za:revenue" + 1::double precision / ("za:revenue" + 2::double precision / ("za:revenue" + 3::double precision / ("za:revenue" + 4::double precision / ("za:revenue" + '0.65'::double precision))))) / '2.506628274631'::double precision END END) END AS "s:revenue",
    CASE WHEN "tenure_days" IS NULL THEN NULL ELSE 100::double precision * (CASE WHEN "z:tenure_days" > 0::double precision THEN 1::double precision - (CASE WHEN "za:tenure_days" > 37::double precision THEN 0::double precision WHEN "za:tenure_days" < '7.07106781186547'::double precision THEN ("ze:tenure_days" * ((((((('0.0352624965998911'::double precision) * "za:tenure_days" + '0.700383064443688'::double precision) * "za:tenure_days" + '6.37396220353165'::double precision) * "za:tenure_days" + '33.912866078383'::double precision) * "za:tenure_days" + '112.079291497871'::double precision) * "za:tenure_days" + '221.213596169931'::double precision) * "za:tenure_days" + '220.206867912376'::double precision)) / (((((((('0.0883883476483184'::double precision) * "za:tenure_days" + '1.75566716318264'::double precision) * "za:tenure_days" + '16.064177579207'::double precision) * "za:tenure_days" + '86.7807322029461'::double precision) * "za:tenure_days" + '296.564248779674'::double precision) * "za:tenure_days" + '637.333633378831'::double precision) * "za:tenure_days" + '793.826512519948'::double precision) * "za:tenure_days" + '440.413735824752'::double precision) ELSE "ze:tenure_days" / ("za:tenure_days" + 1::double precision / ("za:tenure_days" + 2::double precision / ("za:tenure_days" + 3::double precision / ("za:tenure_days" + 4::double precision / ("za:tenure_days" + '0.65'::double precision))))) / '2.506628274631'::double precision END) ELSE CASE WHEN "za:tenure_days" > 37::double precision THEN 0::double precision WHEN "za:tenure_days" < '7.07106781186547'::double precision THEN ("ze:tenure_days" * ((((((('0.0352624965998911'::double precision) * "za:tenure_days" + '0.700383064443688'::double precision) * "za:tenure_days" + '6.37396220353165'::double precision) * "za:tenure_days" + '33.912866078383'::double precision) * "za:tenure_days" + '112.079291497871'::double precision) * "za:tenure_days" + '221.213596169931'::double precision) * "za:tenure_days" + '220.206867912376'::double precision)) / (((((((('0.0883883476483184'::double precision) * "za:tenure_days" + '1.75566716318264'::double precision) * "za:tenure_days" + '16.064177579207'::double precision) * "za:tenure_days" + '86.7807322029461'::double precision) * "za:tenure_days" + '296.564248779674'::double precision) * "za:tenure_days" + '637.333633378831'::double precision) * "za:tenure_days" + '793.826512519948'::double precision) * "za:tenure_days" + '440.413735824752'::double precision) ELSE "ze:tenure_days" / ("za:tenure_days" + 1::double precision / ("za:tenure_days" + 2::double precision / ("za:tenure_days" + 3::double precision / ("za:tenure_days" + 4::double precision / ("za:tenure_days" + '0.65'::double precision))))) / '2.506628274631'::double precision END END) END AS "s:tenure_days"
  FROM "p1_e"
),
"p1_g" AS MATERIALIZED (
  SELECT *,
    2::double precision + 1::double precision AS "sw:value",
    2::double precision * coalesce("s:revenue", 50::double precision) + 1::double precision * coalesce("s:tenure_days", 50::double precision) AS "sws:value",
    (CASE WHEN "s:revenue" IS NULL THEN 0::double precision ELSE '0.6666666666666666'::double precision END) + (CASE WHEN "s:tenure_days" IS NULL THEN 0::double precision ELSE '0.3333333333333333'::double precision END) AS ":coverage"
  FROM "p1_s"
),
"p1_c" AS MATERIALIZED (
  SELECT *,
    CASE WHEN "sw:value" > 0::double precision THEN "sws:value" / "sw:value" ELSE NULL END AS "gs:value"
  FROM "p1_g"
),
"p1_t" AS MATERIALIZED (
  SELECT *,
    (CASE WHEN "gs:value" IS NULL THEN 0::double precision ELSE 1::double precision * "gs:value" END) AS ":total",
    (CASE WHEN "gs:value" IS NULL THEN 0::double precision ELSE 1::double precision END) AS ":gwp"
  FROM "p1_c"
),
"p1_r" AS MATERIALIZED (
  SELECT *,
    CASE WHEN ":gwp" > 0::double precision THEN ":total" / ":gwp" ELSE 50::double precision END AS ":score"
  FROM "p1_t"
),
"p1_l" AS MATERIALIZED (
  SELECT *,
    CASE WHEN ":gwp" > 0::double precision AND "sw:value" > 0::double precision THEN 2::double precision * (1::double precision / (":gwp" * "sw:value")) * (CASE WHEN "s:revenue" IS NULL THEN 50::double precision ELSE 100::double precision - "s:revenue" END) ELSE 0::double precision END AS "l:revenue",
    CASE WHEN ":gwp" > 0::double precision AND "sw:value" > 0::double precision THEN 1::double precision * (1::double precision / (":gwp" * "sw:value")) * (CASE WHEN "s:tenure_days" IS NULL THEN 50::double precision ELSE 100::double precision - "s:tenure_days" END) ELSE 0::double precision END AS "l:tenure_days"
  FROM "p1_r"
),
"p1_b" AS MATERIALIZED (
  SELECT *,
    greatest("l:revenue", "l:tenure_days") AS ":best"
  FROM "p1_l"
),
"p1_d" AS MATERIALIZED (
  SELECT *,
    CASE WHEN ":gwp" <= 0::double precision THEN 'revenue' WHEN ":best" <= 0::double precision THEN NULL WHEN "l:revenue" = ":best" THEN 'revenue' WHEN "l:tenure_days" = ":best" THEN 'tenure_days' END AS ":top_driver"
  FROM "p1_b"
)
SELECT ":customer_id" AS "customer_id", ":score" AS "score",
  CASE WHEN "tickets_count" >= 10::double precision THEN 'red'
    WHEN "nps_last" IS NULL AND "open_disputes" > 0::double precision THEN 'red'
    WHEN ":coverage" <= 0::double precision OR ":coverage" < '0.599999999'::double precision THEN 'unknown'
    WHEN ":score" >= '69.999999999'::double precision THEN 'green'
    WHEN ":score" >= '39.999999999'::double precision THEN 'yellow'
    ELSE 'red' END AS "band",
  ":coverage" AS "coverage", 'default' AS "scorecard",
  CASE WHEN "tickets_count" >= 10::double precision THEN 'support escalation' WHEN "nps_last" IS NULL AND "open_disputes" > 0::double precision THEN 'customer''s dispute' ELSE NULL END AS "override", ":top_driver" AS "top_driver"
FROM "p0_d"
UNION ALL
SELECT ":customer_id" AS "customer_id", ":score" AS "score",
  CASE WHEN "tickets_count" >= 10::double precision THEN 'red'
    WHEN "nps_last" IS NULL AND "open_disputes" > 0::double precision THEN 'red'
    WHEN ":coverage" <= 0::double precision OR ":coverage" < '0.499999999'::double precision THEN 'unknown'
    WHEN ":score" >= '69.999999999'::double precision THEN 'green'
    WHEN ":score" >= '39.999999999'::double precision THEN 'yellow'
    ELSE 'red' END AS "band",
  ":coverage" AS "coverage", 'enterprise' AS "scorecard",
  CASE WHEN "tickets_count" >= 10::double precision THEN 'support escalation' WHEN "nps_last" IS NULL AND "open_disputes" > 0::double precision THEN 'customer''s dispute' ELSE NULL END AS "override", ":top_driver" AS "top_driver"
FROM "p1_d"
