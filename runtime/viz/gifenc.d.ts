/** Minimal types for gifenc@1.0.3 (the package ships none). */
declare module "gifenc" {
  export type Palette = number[][];
  export interface GifStream {
    writeFrame(
      index: Uint8Array,
      width: number,
      height: number,
      opts?: {
        palette?: Palette;
        delay?: number;
        repeat?: number;
        transparent?: boolean;
        dispose?: number;
      },
    ): void;
    finish(): void;
    bytes(): Uint8Array;
  }
  export interface GifencModule {
    GIFEncoder(opts?: { auto?: boolean; initialCapacity?: number }): GifStream;
    quantize(
      rgba: Uint8Array | Uint8ClampedArray,
      maxColors: number,
      options?: { format?: "rgb565" | "rgb444" | "rgba4444" },
    ): Palette;
    applyPalette(
      rgba: Uint8Array | Uint8ClampedArray,
      palette: Palette,
      format?: "rgb565" | "rgb444" | "rgba4444",
    ): Uint8Array;
  }
  export const GIFEncoder: GifencModule["GIFEncoder"] | undefined;
  const gifenc: GifencModule;
  export default gifenc;
}
