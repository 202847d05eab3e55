/** @module Entry point of the `chi` command. */
import { createProgram } from './program.js';

const program = await createProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`chi: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
