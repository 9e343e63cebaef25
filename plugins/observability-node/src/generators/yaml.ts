import { stringify } from 'yaml';

/**
 * Renders objects as one YAML stream (documents separated by `---`), with
 * an optional comment header. YAML 1.1 quoting is used so that values such
 * as `on`, `yes` or `no` stay strings for Kubernetes' YAML 1.1 parser, and
 * lines are never folded, so multi-line PromQL keeps its shape.
 *
 * @public
 */
export function renderYaml(documents: unknown[], header?: string): string {
  const body = documents
    .map(doc =>
      stringify(doc, {
        version: '1.1',
        lineWidth: 0,
        aliasDuplicateObjects: false,
      }),
    )
    .join('---\n');
  const comment = header
    ? `${header
        .split('\n')
        .map(line => `# ${line}`.trimEnd())
        .join('\n')}\n`
    : '';
  return `${comment}${body}`;
}
