import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Node, Parser } from 'web-tree-sitter';

/**
 * A Bicep file read with the tree-sitter grammar for Bicep (WebAssembly, from npm): its
 * syntax errors, parameters, outputs and modules. The Bicep compiler itself is a .NET
 * program downloaded from GitHub, which cannot be reached here.
 */

interface BicepParam {
  name: string;
  line: number;
  hasDefault: boolean;
  decorators: string[];
}

interface BicepModule {
  name: string;
  /** The module's file, resolved from the file that declares it. */
  file: string;
  /** The names under `params:`. */
  params: string[];
}

export interface BicepFile {
  file: string;
  text: string;
  /** "line N: ..." for each place the grammar could not read. */
  syntaxErrors: string[];
  params: BicepParam[];
  outputs: string[];
  modules: BicepModule[];
}

let parser: Promise<Parser> | undefined;

function bicepParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const bicep = await Language.load(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
    return new Parser().setLanguage(bicep);
  })();
  return parser;
}

export async function readBicep(file: string): Promise<BicepFile> {
  const text = fs.readFileSync(file, 'utf8');
  const root = (await bicepParser()).parse(text)!.rootNode;
  const top = root.namedChildren.filter((node): node is Node => node !== null);
  const params: BicepParam[] = [];
  top.forEach((node, i) => {
    if (node.type !== 'parameter_declaration') return;
    const before = top[i - 1]?.type === 'decorators' ? top[i - 1] : undefined;
    params.push({
      name: node.namedChildren[0]!.text,
      line: node.startPosition.row + 1,
      hasDefault: node.namedChildren.length > 2,
      decorators: before ? before.namedChildren.map((decorator) => decorator!.text) : [],
    });
  });
  return {
    file,
    text,
    syntaxErrors: syntaxErrors(root),
    params,
    outputs: top.filter((node) => node.type === 'output_declaration').map((node) => node.namedChildren[0]!.text),
    modules: top.filter((node) => node.type === 'module_declaration').map((node) => ({
      name: node.namedChildren[0]!.text,
      file: path.resolve(path.dirname(file), JSON.parse(`"${node.namedChildren[1]!.text.slice(1, -1)}"`)),
      params: objectKeys(propertyValue(node.namedChildren[2]!, 'params')),
    })),
  };
}

function syntaxErrors(node: Node): string[] {
  if (node.type === 'ERROR' || node.isMissing) return [`line ${node.startPosition.row + 1}: ${node.isMissing ? `missing ${node.type}` : node.text.slice(0, 60)}`];
  if (!node.hasError) return [];
  return node.children.flatMap((child) => (child ? syntaxErrors(child) : []));
}

function objectProperties(object: Node | undefined): Node[] {
  return (object?.namedChildren ?? []).filter((child): child is Node => child?.type === 'object_property');
}

function propertyValue(object: Node, key: string): Node | undefined {
  return objectProperties(object).find((property) => property.namedChildren[0]?.text === key)?.namedChildren[1] ?? undefined;
}

function objectKeys(object: Node | undefined): string[] {
  return objectProperties(object).map((property) => property.namedChildren[0]!.text);
}
