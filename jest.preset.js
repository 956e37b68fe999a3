// Shared jest setup for every package and app.
//
// How TypeScript, ESM and got fit together under jest:
// - Our sources are ESM TypeScript ("type": "module", NodeNext). ts-jest transpiles each file
//   (no type-check: `tsc` does that in the `typecheck` task) and keeps `import` statements.
// - jest runs with `node --experimental-vm-modules` (see scripts/jest.mjs), so it loads real ES
//   modules. got 14 is ESM-only; it is loaded untransformed from node_modules as native ESM.
// - `@wcs/<name>` resolves to the package's TypeScript source, so unit and integration tests need
//   no build. Only e2e tests (which spawn built binaries) need `dist/`.
// - Relative imports are written `./x.js` (NodeNext style); the mapper strips the suffix so jest
//   finds `./x.ts`.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/** @param {string} packageDir absolute path of the package or app */
export function createJestConfig(packageDir) {
  const common = {
    rootDir: packageDir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
    moduleNameMapper: {
      '^@wcs/([a-z0-9-]+)$': `${root}packages/$1/src/index.ts`,
      '^@wcs/([a-z0-9-]+)/([a-z0-9-]+)$': `${root}packages/$1/src/$2.ts`,
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    transform: {
      '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: `${packageDir}/tsconfig.json` }],
    },
  };
  return {
    projects: [
      {
        ...common,
        displayName: 'unit',
        testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/*.test.ts'],
      },
      {
        ...common,
        displayName: 'integration',
        testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      },
      {
        ...common,
        displayName: 'e2e',
        testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      },
    ],
  };
}
