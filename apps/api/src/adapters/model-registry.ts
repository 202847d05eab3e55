/**
 * @module Model repository over `@chi/model`'s registry directory: load the champion, promote a version.
 */
import { loadChampion, ModelError, promoteModel, readRegistry } from '@chi/model';
import { ApiError } from '../errors.js';
import type { Predictor } from '../ports.js';
import type { ModelRepository } from '../runtime.js';
import { createPredictor } from './predictor.js';

/**
 * @param modelsDir - registry directory (`models/registry.json`, `models/<version>/`)
 * @returns the repository; `loadChampion` is null while the registry names no champion
 */
export function createModelRepository(modelsDir: string): ModelRepository {
  return {
    async loadChampion(): Promise<Predictor | null> {
      if (!readRegistry(modelsDir).champion) return null;
      return createPredictor(await loadChampion(modelsDir));
    },
    async promote(version: string): Promise<void> {
      const known = readRegistry(modelsDir).models.some((m) => m.version === version);
      if (!known) {
        throw new ApiError(404, 'not_found', `model ${version} is not in the registry`, [
          { path: 'version', problem: 'unknown model version' },
        ]);
      }
      try {
        await promoteModel(modelsDir, version);
      } catch (error) {
        if (error instanceof ModelError) {
          throw new ApiError(409, 'model_unusable', error.message, [
            { path: 'version', problem: error.message },
          ]);
        }
        throw error;
      }
    },
  };
}
