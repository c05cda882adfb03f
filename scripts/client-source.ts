/**
 * The typed client's types, made from the OpenAPI document: `openapi-typescript` turns it into
 * `paths` / `components` / `operations` types, and prettier formats them as the repository does.
 * Used by `npm run client:generate` (which writes src/client/schema.ts) and by the test that fails
 * when the committed file is out of date with the document.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';

export const SCHEMA_FILE = 'src/client/schema.ts';

const HEADER = `/**
 * Generated from the hub's OpenAPI document by \`npm run client:generate\` (openapi-typescript).
 * Do not edit by hand: change the route schemas and generate again.
 */
`;

export async function clientSource(spec: unknown): Promise<string> {
  // The servers entry is the address of the hub that made the document (PUBLIC_URL): it is left out
  // so the types do not depend on where they were generated.
  const doc = { ...(spec as Record<string, unknown>), servers: [{ url: '/' }] };
  const ast = await openapiTS(doc as Parameters<typeof openapiTS>[0], { alphabetize: true, exportType: true });
  const options = (await prettier.resolveConfig(SCHEMA_FILE)) ?? {};
  return prettier.format(HEADER + astToString(ast), { ...options, filepath: SCHEMA_FILE });
}
