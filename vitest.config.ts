import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["loaders/**/*.test.ts", "reports/**/*.test.ts", "test/**/*.test.ts", "src/**/*.test.ts"],
    exclude: ["test/browser/**", "node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB is multi-threaded already; two cores are better used by fewer, heavier workers.
    maxWorkers: 2,
  },
});
