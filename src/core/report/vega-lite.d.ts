// vega-lite's own types are behind package "exports", which this project's `moduleResolution:
// node` does not read; this is the one function the report uses.
declare module 'vega-lite' {
  export type TopLevelSpec = Record<string, unknown>;
  export function compile(spec: TopLevelSpec): { spec: import('vega').Spec };
}
declare module 'vega-interpreter' {
  export const expressionInterpreter: unknown;
}
