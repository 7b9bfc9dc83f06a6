import { fileURLToPath } from 'node:url';

/**
 * The repository root, found from this file rather than from the working directory, so the
 * app synthesizes the same from `npx cdk synth`, from vitest and from any other folder.
 */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
