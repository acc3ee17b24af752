/** disc's version, printed in generated programs and `disc --version`. */
export const DISC_VERSION = "0.1.0";
