// Placeholder: replaced by the app's esbuild bundle step.
