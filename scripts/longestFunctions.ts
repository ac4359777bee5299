// Lists the longest functions (declarations, methods, arrows, function expressions) under a folder, by line count.
// Usage: npx tsx scripts/longestFunctions.ts src/core [how many]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
const root = process.argv[2]!;
const files = (d: string): string[] => readdirSync(d).flatMap((n) => { const f = path.join(d, n); return statSync(f).isDirectory() ? files(f) : f.endsWith('.ts') ? [f] : []; });
const rows: [number, string][] = [];
for (const file of files(root)) {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isConstructorDeclaration(node)) {
      const start = src.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = src.getLineAndCharacterOfPosition(node.getEnd()).line;
      let name = (node as ts.FunctionDeclaration).name?.getText() ?? '';
      if (!name && ts.isVariableDeclaration(node.parent)) name = node.parent.name.getText();
      if (!name && ts.isPropertyAssignment(node.parent)) name = node.parent.name.getText();
      rows.push([end - start + 1, `${path.relative(process.cwd(), file)}:${start + 1} ${name || '(anonymous)'}`]);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
}
rows.sort((a, b) => b[0] - a[0]);
for (const [n, where] of rows.slice(0, Number(process.argv[3] ?? 15))) console.log(String(n).padStart(4), where);
