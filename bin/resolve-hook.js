// Node module resolve hook: a generated trainer written outside this package (e.g. runs/x/trainer.ts
// or /tmp/out) resolves disc's own entry points and tfjs from this installation.
const packageRoot = new URL("../", import.meta.url);
const OWN = /^(disc(\/.*)?|@tensorflow\/.*|seedrandom)$/;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!OWN.test(specifier)) throw error;
    return nextResolve(specifier, {
      ...context,
      parentURL: new URL("package.json", packageRoot).href,
    });
  }
}
