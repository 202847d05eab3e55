/**
 * @module The `chi` program: every command registered, nothing run. Each command lives in
 * `commands/<name>.ts` and exports `register(program)`.
 */
import { Command } from 'commander';

type CommandModule = { register: (program: Command) => void };

const COMMANDS: Array<() => Promise<CommandModule>> = [
  // one line per command module, in help order, e.g. () => import('./commands/ingest.js'),
  () => import('./commands/generate.js'),
  () => import('./commands/ingest.js'),
  () => import('./commands/snapshot.js'),
  () => import('./commands/cadence.js'),
  () => import('./commands/score.js'),
  () => import('./commands/train.js'),
  () => import('./commands/evaluate.js'),
  () => import('./commands/predict.js'),
  () => import('./commands/serve.js'),
  () => import('./commands/demo.js'),
];

/** Builds the program with every command registered. */
export async function createProgram(): Promise<Command> {
  const program = new Command('chi')
    .description('CHI: Customer Health Index. Current (scorecard) and predicted (model) health.')
    .showHelpAfterError();
  for (const load of COMMANDS) (await load()).register(program);
  return program;
}
