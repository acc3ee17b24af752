/** The part of jstat 1.9.6 that disc uses (the package ships no types). */
declare module "jstat" {
  const jstat: {
    jStat: {
      studentt: {
        /** Quantile of Student's t with `dof` degrees of freedom at probability `p`. */
        inv(p: number, dof: number): number;
      };
    };
  };
  export default jstat;
}
