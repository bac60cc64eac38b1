import ts from 'typescript';

/**
 * Transpiles TypeScript to CommonJS JavaScript on the host with `typescript`'s `transpileModule`
 * (types are stripped, not checked — a type error does not stop the run). The result runs with `node`
 * in the container, so the image needs Node.js but not TypeScript.
 *
 * @param code - TypeScript source.
 * @returns JavaScript source (ES2022, CommonJS).
 * @example
 * ```ts
 * transpileTypeScript('const n: number = 1; console.log(n)'); // 'const n = 1;\nconsole.log(n);\n' (plus "use strict")
 * ```
 */
export function transpileTypeScript(code: string): string {
  const out = ts.transpileModule(code, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      sourceMap: false,
      inlineSourceMap: false,
    },
    reportDiagnostics: false,
  });
  return out.outputText;
}
