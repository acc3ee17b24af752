import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      // the same untracked outputs .gitignore lists (ESLint, unlike prettier, does not read it):
      // runs and studies of `disc train` / `disc study`, test outputs
      "runs/**",
      "studies/**",
      "test-output/**",
      "test/golden/**",
      "test/.generated/**",
      ".tmp/**",
      "editors/**/*.js",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
);
