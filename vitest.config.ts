import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A CA for the https tests, trusted through NODE_EXTRA_CA_CERTS before the workers start.
    globalSetup: ['./test/support/trusted-test-ca.ts'],
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one Secret Service and bind real ports; run files one at a time
    // on this 2-core machine so timings stay predictable.
    fileParallelism: false,
  },
});
