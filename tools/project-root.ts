// The repository's root folder, for tools that spawn binaries from node_modules or write under .data/.
// This file sits at the root, so its own folder is the answer wherever it is imported from.
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
