/** @module Tests of parseScorecard: defaults and errors named by path. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD, DEFAULT_SCORECARD_DOCUMENT } from './default-scorecard.js';
import { formatIssue, ScorecardError } from './scorecard-error.js';
import { parseScorecard, type ScorecardInput } from './scorecard-schema.js';

const base = (): ScorecardInput => ({
  name: 'test',
  version: 1,
  bands: { green: 70, yellow: 40 },
  groups: [
    { id: 'satisfaction', weight: 35 },
    { id: 'engagement', weight: 40 },
  ],
  measures: [
    { id: 'nps_last', group: 'satisfaction', weight: 60, normalize: { kind: 'linear', bad: 0, good: 10 } },
    { id: 'recency_ratio', group: 'engagement', weight: 50, normalize: { kind: 'linear', good: 1, bad: 3 } },
    {
      id: 'tickets_count',
      group: 'engagement',
      weight: 20,
      normalize: {
        kind: 'steps',
        steps: [
          [0, 100],
          [2, 70],
          [null, 0],
        ],
      },
    },
  ],
});

function problems(doc: unknown): string[] {
  try {
    parseScorecard(doc);
  } catch (e) {
    expect(e).toBeInstanceOf(ScorecardError);
    return (e as ScorecardError).issues.map(formatIssue);
  }
  throw new Error('expected the scorecard to be rejected');
}

describe('parseScorecard', () => {
  it('accepts the DESIGN.md example and applies defaults', () => {
    const card = parseScorecard(base());
    expect(card.missing).toEqual({ policy: 'reweight', minCoverage: 0.6 });
    expect(card.overrides).toEqual([]);
    expect(card.segments).toEqual([]);
    expect(card.scorecards).toEqual({});
  });

  it('accepts the default scorecard', () => {
    expect(parseScorecard(DEFAULT_SCORECARD_DOCUMENT)).toEqual(DEFAULT_SCORECARD);
    expect(DEFAULT_SCORECARD.measures.map((m) => m.id)).toEqual([
      'nps_last',
      'csat_avg',
      'recency_ratio',
      'p_alive',
      'orders_count',
      'tickets_count',
      'channels_count',
      'revenue',
      'tenure_days',
    ]);
  });

  it('names the path when a linear normaliser has bad equal to good', () => {
    const doc = base();
    doc.measures[2] = {
      id: 'x',
      group: 'engagement',
      weight: 1,
      normalize: { kind: 'linear', bad: 4, good: 4 },
    };
    expect(problems(doc)).toEqual(['measures[2].normalize.bad: must differ from good']);
  });

  it('rejects weights that are zero or negative, with their paths', () => {
    const doc = base();
    doc.groups[1] = { id: 'engagement', weight: 0 };
    (doc.measures[0] as { weight: number }).weight = -1;
    expect(problems(doc)).toEqual([
      'groups[1].weight: must be > 0 (weights are relative and normalised)',
      'measures[0].weight: must be > 0 (weights are relative and normalised)',
    ]);
  });

  it('rejects unknown groups, duplicate ids and groups without measures', () => {
    const doc = base();
    doc.groups.push({ id: 'value', weight: 25 }, { id: 'satisfaction', weight: 1 });
    doc.measures.push({ id: 'nps_last', group: 'loyalty', weight: 1, normalize: { kind: 'percentile' } });
    expect(problems(doc)).toEqual([
      'groups[3].id: duplicate group id "satisfaction"',
      'measures[3].id: duplicate measure id "nps_last"',
      'measures[3].group: unknown group "loyalty"; expected one of satisfaction, engagement, value',
      'groups[2]: group "value" has no measures',
    ]);
  });

  it('rejects a direction that contradicts a linear normaliser', () => {
    const doc = base();
    (doc.measures[1] as { direction?: string }).direction = 'higher';
    expect(problems(doc)).toEqual(['measures[1].direction: "higher" contradicts normalize (good 1, bad 3)']);
  });

  it('rejects steps that do not ascend or lack the final catch-all', () => {
    const doc = base();
    doc.measures[2] = {
      id: 'tickets_count',
      group: 'engagement',
      weight: 20,
      normalize: {
        kind: 'steps',
        steps: [
          [2, 100],
          [2, 70],
          [null, 50],
          [9, 0],
        ],
      },
    };
    expect(problems(doc)).toEqual([
      'measures[2].normalize.steps[1][0]: thresholds must ascend strictly (2 after 2)',
      'measures[2].normalize.steps[2][0]: only the last step may be null',
      'measures[2].normalize.steps[3]: the last step must be [null, points] to cover values above the last threshold',
    ]);
  });

  it('rejects step points outside 0-100 and unknown normaliser kinds', () => {
    const doc = base() as { measures: { normalize: unknown }[] };
    (doc.measures[2] as { normalize: unknown }).normalize = { kind: 'steps', steps: [[null, 120]] };
    (doc.measures[0] as { normalize: unknown }).normalize = { kind: 'sigmoid' };
    expect(problems(doc)).toEqual([
      'measures[0].normalize.kind: must have kind linear, steps, percentile, zscore or boolean',
      'measures[2].normalize.steps[0][1]: must be from 0 to 100',
    ]);
  });

  it('rejects bands with yellow above green and a coverage outside 0-1', () => {
    const doc = {
      ...base(),
      bands: { green: 40, yellow: 70 },
      missing: { policy: 'reweight', minCoverage: 1.5 },
    };
    expect(problems(doc)).toEqual([
      'missing.minCoverage: must be from 0 to 1',
      'bands.yellow: must not exceed green',
    ]);
    expect(problems({ ...base(), bands: { green: 40, yellow: 70 } })).toEqual([
      'bands.yellow: must not exceed green',
    ]);
  });

  it('requires exactly one comparison per override condition', () => {
    const doc = {
      ...base(),
      overrides: [
        { when: { measure: 'tickets_count', gte: 10, lt: 20 }, band: 'red', reason: 'escalation' },
        { when: [{ measure: 'nps_last', eq: 0 }, { measure: 'nps_last' }], band: 'red', reason: 'angry' },
        { when: { measure: 'nps_last', missing: true }, band: 'yellow', reason: '' },
      ],
    };
    expect(problems(doc)).toEqual([
      'overrides[2].reason: must say why the colour is forced',
      'overrides[0].when: must have exactly one of gte, lte, gt, lt, eq, missing (found gte, lt)',
      'overrides[1].when[1]: must have exactly one of gte, lte, gt, lt, eq, missing (found none)',
    ]);
  });

  it('says what a malformed override condition or segment match should be', () => {
    const doc = {
      ...base(),
      overrides: [{ when: {}, band: 'red', reason: 'x' }],
      scorecards: {
        big: {
          groups: [{ id: 'g', weight: 1 }],
          measures: [{ id: 'm', group: 'g', weight: 1, normalize: { kind: 'boolean' } }],
        },
      },
      segments: [{ match: {}, scorecard: 'big' }],
    };
    expect(problems(doc)).toEqual([
      'overrides[0].when: must be a condition { measure, one of gte/lte/gt/lt/eq/missing } or a non-empty list of them',
      'segments[0].match.segment: must be a segment name or a non-empty list of names',
    ]);
  });

  it('validates segment references and the sub-scorecards themselves', () => {
    const sub = {
      groups: [{ id: 'g', weight: 1 }],
      measures: [{ id: 'm', group: 'h', weight: 1, normalize: { kind: 'percentile' } }],
    };
    const doc = {
      ...base(),
      scorecards: { enterprise: sub },
      segments: [
        { match: { segment: 'enterprise' }, scorecard: 'enterprise' },
        { match: { segment: ['smb', 'self-serve'] }, scorecard: 'smb' },
      ],
    };
    expect(problems(doc)).toEqual([
      'scorecards.enterprise.measures[0].group: unknown group "h"; expected one of g',
      'scorecards.enterprise.groups[0]: group "g" has no measures',
      'segments[1].scorecard: unknown scorecard "smb"; expected one of: enterprise',
    ]);
  });

  it('rejects measure ids that are not SQL-safe identifiers', () => {
    const doc = base();
    (doc.measures[0] as { id: string }).id = 'nps last; drop table';
    expect(problems(doc)[0]).toMatch(/^measures\[0\]\.id: must be an identifier/);
  });

  it('reports the root problem for a non-object', () => {
    expect(problems(null)).toEqual(['Invalid input: expected object, received null']);
    expect(problems({ ...base(), version: 1.5 })).toEqual(['version: must be an integer']);
  });
});
