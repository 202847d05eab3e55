/**
 * @module The model registry on disk: `models/<version>/` directories and `models/registry.json`, which
 * lists them and names the champion (the model the API serves). Writes are atomic.
 *
 * Promotion rule: a newly trained model becomes champion when there is none, or when its test ROC-AUC is
 * not below the champion's ROC-AUC re-scored on the same test rows (possible when the new data has every
 * input column the champion needs); otherwise it is registered but not promoted. `--promote` (or
 * {@link promoteModel}) overrides the rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import type { ModelCard } from './card.js';
import { ModelError } from './errors.js';
import { type ChurnModel, loadModel } from './model-io.js';

/** One registered model. */
export interface RegistryEntry {
  version: string;
  created: string;
  /** test ROC-AUC on its own test split */
  roc_auc: number;
  test_fingerprint: string;
  backend: string;
}

/** Contents of `models/registry.json`. */
export interface Registry {
  format: 'chi-model-registry';
  champion: string | null;
  models: RegistryEntry[];
  /** how the current champion got there */
  history: Array<{ at: string; champion: string; reason: string }>;
}

const REGISTRY_FILE = 'registry.json';

/**
 * Reads `registry.json`; an absent file is an empty registry.
 *
 * @param modelsDir - the models directory
 * @returns the registry
 */
export function readRegistry(modelsDir: string): Registry {
  const file = path.join(modelsDir, REGISTRY_FILE);
  if (!existsSync(file)) return { format: 'chi-model-registry', champion: null, models: [], history: [] };
  let value: Partial<Registry>;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ModelError(`${file}: not valid JSON (corrupt or truncated)`, { cause: error });
  }
  if (value?.format !== 'chi-model-registry' || !Array.isArray(value.models)) {
    throw new ModelError(
      `${file}: not a CHI model registry (expected format "chi-model-registry" and models[])`,
    );
  }
  return { champion: value.champion ?? null, history: value.history ?? [], ...value } as Registry;
}

/** Writes `registry.json` atomically. */
export function writeRegistry(modelsDir: string, registry: Registry): void {
  writeFileAtomic(path.join(modelsDir, REGISTRY_FILE), JSON.stringify(registry, null, 2));
}

/**
 * Adds a trained model to the registry, optionally as champion.
 *
 * @param modelsDir - the models directory
 * @param card - the new model's card
 * @param champion - whether it becomes champion, and why
 * @returns the updated registry
 */
export function registerModel(
  modelsDir: string,
  card: ModelCard,
  champion: { promote: boolean; reason: string },
): Registry {
  const registry = readRegistry(modelsDir);
  registry.models = registry.models.filter((m) => m.version !== card.version);
  registry.models.push({
    version: card.version,
    created: card.created,
    roc_auc: card.metrics.test.roc_auc,
    test_fingerprint: card.data.split.test_fingerprint,
    backend: card.backend,
  });
  if (champion.promote) {
    registry.champion = card.version;
    registry.history.push({ at: new Date().toISOString(), champion: card.version, reason: champion.reason });
  }
  writeRegistry(modelsDir, registry);
  return registry;
}

/**
 * Makes a registered model the champion, whatever its metrics.
 *
 * @param modelsDir - the models directory
 * @param version - a version listed in the registry, whose directory loads
 * @returns the updated registry
 */
export async function promoteModel(modelsDir: string, version: string): Promise<Registry> {
  const registry = readRegistry(modelsDir);
  if (!registry.models.some((m) => m.version === version)) {
    const known = registry.models.map((m) => m.version).join(', ') || 'none';
    throw new ModelError(
      `model ${version} is not in ${path.join(modelsDir, REGISTRY_FILE)} (registered: ${known})`,
    );
  }
  const model = await loadModel(path.join(modelsDir, version));
  model.network.dispose();
  registry.champion = version;
  registry.history.push({ at: new Date().toISOString(), champion: version, reason: 'promoted by hand' });
  writeRegistry(modelsDir, registry);
  return registry;
}

/**
 * Loads the champion model.
 *
 * @param modelsDir - the models directory
 * @returns the champion, loaded
 */
export async function loadChampion(modelsDir: string): Promise<ChurnModel> {
  const registry = readRegistry(modelsDir);
  if (!registry.champion)
    throw new ModelError(
      `no champion model in ${path.join(modelsDir, REGISTRY_FILE)}; train one with chi train`,
    );
  return loadModel(path.join(modelsDir, registry.champion));
}
