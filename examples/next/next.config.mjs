import { fileURLToPath } from 'node:url';

// This example sits inside the package's repository: its own folder is the root, not the repository's.
const root = fileURLToPath(new URL('.', import.meta.url));

/** @type {import('next').NextConfig} */
export default { turbopack: { root }, outputFileTracingRoot: root };
