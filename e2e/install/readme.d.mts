// Types of readme.mjs (the root README's install steps, as the install test reads them).

export type InstallStep = {
  language: 'sh' | 'diff' | 'yaml';
  body: string;
  /** The README line the step's marker is on. */
  line: number;
};

export declare function installSteps(
  markdown: string,
  frontend: 'new' | 'legacy',
): InstallStep[];
export declare function diffTarget(diff: string): string;
export declare function yamlTarget(yaml: string): string;
export declare function applyDiff(source: string, diff: string): string;
export declare function installFromTarballs(
  command: string,
  tarballs: ReadonlyMap<string, string>,
): string;
export declare function topLevelSection(yaml: string, key: string): string;
