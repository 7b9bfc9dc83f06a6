import { readFile } from 'node:fs/promises';
import { columnSpecs, parseImportMap, type ImportMap } from './import-map.ts';

/**
 * Maps for CRMs' standard deal/opportunity exports, shipped with the CLI as JSON beside this file
 * (`presets/<name>.json`): copy one to start a map of your own.
 */
export const presetNames = ['salesforce', 'hubspot', 'pipedrive'] as const;
export type PresetName = (typeof presetNames)[number];

const displayNames: Record<PresetName, string> = { salesforce: 'Salesforce opportunity report', hubspot: 'HubSpot deals', pipedrive: 'Pipedrive deals' };

export const isPresetName = (name: string): name is PresetName => (presetNames as readonly string[]).includes(name);

/** The file of a preset's map. */
export const presetFile = (name: PresetName): URL => new URL(`./presets/${name}.json`, import.meta.url);

/** A preset's map, parsed as any map is. */
export async function presetMap(name: PresetName): Promise<ImportMap> {
  return parseImportMap(JSON.parse(await readFile(presetFile(name), 'utf8')), `the ${name} preset`);
}

/** Every preset's map. */
export async function loadPresets(): Promise<ReadonlyMap<PresetName, ImportMap>> {
  return new Map(await Promise.all(presetNames.map(async (name) => [name, await presetMap(name)] as const)));
}

/**
 * The preset whose every needed column is in `header`: a header that is no API field list but
 * looks like a CRM's own export gets a hint to import it with that preset.
 */
export function presetFor(header: readonly string[], presets: ReadonlyMap<PresetName, ImportMap>): PresetName | undefined {
  const names = new Set(header.map((name) => name.trim().toLowerCase()));
  for (const [name, map] of presets) {
    const needed = columnSpecs(map).filter(([, specs]) => !specs.every((spec) => spec.optional));
    if (needed.every(([column]) => names.has(column.toLowerCase()))) return name;
  }
  return undefined;
}

/** "a Salesforce opportunity report export" */
export const presetDisplayName = (name: PresetName): string => displayNames[name];
