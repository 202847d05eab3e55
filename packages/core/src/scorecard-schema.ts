/**
 * @module The scorecard document: its zod schema, the TypeScript types inferred from it, and `parseScorecard`,
 * which validates a JSON value and reports every problem with its path (`measures[2].normalize.bad: must
 * differ from good`).
 *
 * A scorecard groups measures (one snapshot metric each), turns each value into a 0-100 sub-score with a
 * normaliser, averages sub-scores by relative weights inside groups and then over groups, and maps the score
 * to a colour band. Named sub-scorecards (`scorecards`) serve customer segments (`segments`).
 */
import { z } from 'zod';
import { formatPath, ScorecardError, type ScorecardIssue } from './scorecard-error.js';

/** Identifier of a measure, group or sub-scorecard: also used verbatim as a SQL column name. */
export const IdentifierSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, {
  error: 'must be an identifier: letters, digits and _, not starting with a digit, at most 63 characters',
});

const finite = (what: string) => z.number({ error: `must be a finite number (${what})` }).finite();
const weight = z
  .number({ error: 'must be a number > 0' })
  .finite()
  .gt(0, { error: 'must be > 0 (weights are relative and normalised)' });
const points = z
  .number({ error: 'must be a number from 0 to 100' })
  .min(0, { error: 'must be from 0 to 100' })
  .max(100, { error: 'must be from 0 to 100' });

/** `linear`: `bad` maps to 0, `good` to 100, straight line between, clamped outside; either order. */
export const LinearNormalizerSchema = z.object({
  kind: z.literal('linear'),
  bad: finite('the value scoring 0'),
  good: finite('the value scoring 100'),
});

/**
 * `steps`: `[threshold, points]` pairs with strictly ascending thresholds; a value scores the points of the
 * first step whose threshold it does not exceed (thresholds are inclusive upper bounds: `x <= threshold`).
 * The last step has threshold `null` and catches every larger value.
 */
export const StepsNormalizerSchema = z.object({
  kind: z.literal('steps'),
  steps: z.array(z.tuple([finite('the inclusive upper bound').nullable(), points])).min(1, {
    error: 'must have at least one step, ending with [null, points]',
  }),
});

/** `percentile`: the value's mid-rank in the fitted reference population, 0-100. */
export const PercentileNormalizerSchema = z.object({ kind: z.literal('percentile') });

/**
 * `zscore`: `z = (t - mean) / sd` with `t = log(1 + max(x, 0))` when `log` is true (for skewed counts and
 * money) or `t = x`; sub-score = 100 × Φ(z), the standard normal CDF.
 */
export const ZscoreNormalizerSchema = z.object({
  kind: z.literal('zscore'),
  log: z.boolean().default(false),
});

/** `boolean`: any non-zero value is true and scores 100, zero scores 0 (reversed when `direction: lower`). */
export const BooleanNormalizerSchema = z.object({ kind: z.literal('boolean') });

/** How a raw measure value becomes a 0-100 sub-score. */
export const NormalizerSchema = z.discriminatedUnion(
  'kind',
  [
    LinearNormalizerSchema,
    StepsNormalizerSchema,
    PercentileNormalizerSchema,
    ZscoreNormalizerSchema,
    BooleanNormalizerSchema,
  ],
  { error: 'must have kind linear, steps, percentile, zscore or boolean' },
);

/** One measure: a snapshot metric, its group, relative weight inside the group, and normaliser. */
export const MeasureSchema = z.object({
  id: IdentifierSchema,
  label: z.string().optional(),
  unit: z.string().optional(),
  description: z.string().optional(),
  group: IdentifierSchema,
  weight,
  /** Which way is healthy. Optional for `linear` (implied by bad/good) and `steps`; default `higher`. */
  direction: z.enum(['higher', 'lower']).optional(),
  normalize: NormalizerSchema,
});

/** A group of measures with its relative weight in the score. */
export const GroupSchema = z.object({ id: IdentifierSchema, label: z.string().optional(), weight });

/** Band edges, inclusive: `score >= green` is green, else `score >= yellow` is yellow, else red. */
export const BandsSchema = z.object({ green: points, yellow: points });

/** What a missing value (null, undefined, NaN) does, and how much weight must be present for a colour. */
export const MissingSchema = z.object({
  policy: z.enum(['reweight', 'neutral', 'zero']).default('reweight'),
  minCoverage: z
    .number()
    .min(0, { error: 'must be from 0 to 1' })
    .max(1, { error: 'must be from 0 to 1' })
    .default(0.6),
});

/**
 * One condition on a raw metric value. Exactly one of `gte`, `lte`, `gt`, `lt`, `eq` (a comparison that never
 * holds for a missing value) or `missing: true` (holds exactly when the value is missing).
 */
export const ConditionSchema = z.object({
  measure: IdentifierSchema,
  gte: z.number().finite().optional(),
  lte: z.number().finite().optional(),
  gt: z.number().finite().optional(),
  lt: z.number().finite().optional(),
  eq: z.number().finite().optional(),
  missing: z.literal(true).optional(),
});

/** Forces a colour with a reason when its condition(s) hold (all of them, when a list). First match wins. */
export const OverrideSchema = z.object({
  when: z.union([ConditionSchema, z.array(ConditionSchema).min(1)], {
    error: 'must be a condition { measure, one of gte/lte/gt/lt/eq/missing } or a non-empty list of them',
  }),
  band: z.enum(['green', 'yellow', 'red']),
  reason: z.string().min(1, { error: 'must say why the colour is forced' }),
});

/** Routes customers whose `segment` equals the given name (or one of the names) to a named sub-scorecard. */
export const SegmentRuleSchema = z.object({
  match: z.object({
    segment: z.union([z.string(), z.array(z.string()).min(1)], {
      error: 'must be a segment name or a non-empty list of names',
    }),
  }),
  scorecard: IdentifierSchema,
});

/** A named sub-scorecard; `bands`, `missing` and `overrides` default to the parent's. */
export const SubScorecardSchema = z.object({
  label: z.string().optional(),
  description: z.string().optional(),
  groups: z.array(GroupSchema).min(1, { error: 'must have at least one group' }),
  measures: z.array(MeasureSchema).min(1, { error: 'must have at least one measure' }),
  bands: BandsSchema.optional(),
  missing: MissingSchema.optional(),
  overrides: z.array(OverrideSchema).optional(),
});

const ScorecardObjectSchema = z.object({
  name: z.string().min(1, { error: 'must not be empty' }),
  version: z.number().int({ error: 'must be an integer' }).positive({ error: 'must be >= 1' }),
  description: z.string().optional(),
  groups: z.array(GroupSchema).min(1, { error: 'must have at least one group' }),
  measures: z.array(MeasureSchema).min(1, { error: 'must have at least one measure' }),
  bands: BandsSchema,
  missing: MissingSchema.default({ policy: 'reweight', minCoverage: 0.6 }),
  overrides: z.array(OverrideSchema).default([]),
  scorecards: z.record(IdentifierSchema, SubScorecardSchema).default({}),
  segments: z.array(SegmentRuleSchema).default([]),
});

type Issue = { path: PropertyKey[]; message: string };

function checkBody(body: z.infer<typeof SubScorecardSchema>, at: PropertyKey[], out: Issue[]): void {
  const groupIds = new Set<string>();
  body.groups.forEach((g, i) => {
    if (groupIds.has(g.id))
      out.push({ path: [...at, 'groups', i, 'id'], message: `duplicate group id "${g.id}"` });
    groupIds.add(g.id);
  });
  const measureIds = new Set<string>();
  const used = new Set<string>();
  body.measures.forEach((m, i) => {
    const here = [...at, 'measures', i];
    if (measureIds.has(m.id)) out.push({ path: [...here, 'id'], message: `duplicate measure id "${m.id}"` });
    measureIds.add(m.id);
    if (!groupIds.has(m.group)) {
      out.push({
        path: [...here, 'group'],
        message: `unknown group "${m.group}"; expected one of ${[...groupIds].join(', ')}`,
      });
    }
    used.add(m.group);
    checkNormalizer(m, here, out);
  });
  body.groups.forEach((g, i) => {
    if (!used.has(g.id)) out.push({ path: [...at, 'groups', i], message: `group "${g.id}" has no measures` });
  });
  if (body.bands && body.bands.yellow > body.bands.green) {
    out.push({ path: [...at, 'bands', 'yellow'], message: 'must not exceed green' });
  }
  body.overrides?.forEach((o, i) => {
    const conditions = Array.isArray(o.when) ? o.when : [o.when];
    conditions.forEach((c, j) => {
      const keys = (['gte', 'lte', 'gt', 'lt', 'eq', 'missing'] as const).filter((k) => c[k] !== undefined);
      if (keys.length !== 1) {
        const path = [...at, 'overrides', i, 'when', ...(Array.isArray(o.when) ? [j] : [])];
        out.push({
          path,
          message: `must have exactly one of gte, lte, gt, lt, eq, missing (found ${keys.length === 0 ? 'none' : keys.join(', ')})`,
        });
      }
    });
  });
}

function checkNormalizer(m: z.infer<typeof MeasureSchema>, here: PropertyKey[], out: Issue[]): void {
  const n = m.normalize;
  if (n.kind === 'linear') {
    if (n.bad === n.good) out.push({ path: [...here, 'normalize', 'bad'], message: 'must differ from good' });
    else if (m.direction !== undefined && (m.direction === 'higher') !== n.good > n.bad) {
      out.push({
        path: [...here, 'direction'],
        message: `"${m.direction}" contradicts normalize (good ${n.good}, bad ${n.bad})`,
      });
    }
  } else if (n.kind === 'steps') {
    const last = n.steps.length - 1;
    n.steps.forEach(([t], i) => {
      if (t === null && i !== last) {
        out.push({ path: [...here, 'normalize', 'steps', i, 0], message: 'only the last step may be null' });
      }
      const prev = i > 0 ? n.steps[i - 1]?.[0] : undefined;
      if (t !== null && prev !== undefined && prev !== null && t <= prev) {
        out.push({
          path: [...here, 'normalize', 'steps', i, 0],
          message: `thresholds must ascend strictly (${t} after ${prev})`,
        });
      }
    });
    if (n.steps[last]?.[0] !== null) {
      out.push({
        path: [...here, 'normalize', 'steps', last],
        message: 'the last step must be [null, points] to cover values above the last threshold',
      });
    }
  }
}

/** The scorecard document schema (validates the structure and every cross-reference). */
export const ScorecardSchema = ScorecardObjectSchema.superRefine((doc, ctx) => {
  const issues: Issue[] = [];
  checkBody(doc, [], issues);
  for (const [name, sub] of Object.entries(doc.scorecards)) checkBody(sub, ['scorecards', name], issues);
  doc.segments.forEach((s, i) => {
    if (!(s.scorecard in doc.scorecards)) {
      const known = Object.keys(doc.scorecards);
      issues.push({
        path: ['segments', i, 'scorecard'],
        message: `unknown scorecard "${s.scorecard}"; expected one of: ${known.length ? known.join(', ') : '(none defined in scorecards)'}`,
      });
    }
  });
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

/** A validated scorecard (defaults applied). */
export type Scorecard = z.infer<typeof ScorecardSchema>;
/** A scorecard as written by hand, before defaults (what `parseScorecard` accepts). */
export type ScorecardInput = z.input<typeof ScorecardSchema>;
/** A named sub-scorecard (segment scorecard). */
export type SubScorecard = z.infer<typeof SubScorecardSchema>;
/** One measure of a scorecard. */
export type Measure = z.infer<typeof MeasureSchema>;
/** One group of a scorecard. */
export type Group = z.infer<typeof GroupSchema>;
/** A normaliser definition. */
export type Normalizer = z.infer<typeof NormalizerSchema>;
/** Band edges. */
export type Bands = z.infer<typeof BandsSchema>;
/** Missing-value policy and minimum coverage. */
export type MissingPolicy = z.infer<typeof MissingSchema>;
/** One override condition. */
export type Condition = z.infer<typeof ConditionSchema>;
/** One override. */
export type Override = z.infer<typeof OverrideSchema>;
/** One segment routing rule. */
export type SegmentRule = z.infer<typeof SegmentRuleSchema>;

/**
 * Validates a scorecard document (e.g. parsed JSON) and applies defaults.
 * @param json - the candidate document
 * @returns the validated scorecard
 * @throws ScorecardError listing every problem as `path: problem`, e.g. `measures[2].normalize.bad: must
 *   differ from good`
 * @example
 * const card = parseScorecard(JSON.parse(await readFile('scorecard.json', 'utf8')));
 */
export function parseScorecard(json: unknown): Scorecard {
  const result = ScorecardSchema.safeParse(json);
  if (result.success) return result.data;
  const issues: ScorecardIssue[] = result.error.issues.map((i) => ({
    path: formatPath(i.path),
    problem: i.message,
  }));
  throw new ScorecardError(issues, { cause: result.error });
}
