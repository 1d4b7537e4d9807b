import type { DepartmentCode, DepartmentEntry, JurisdictionFile, MatterEntry, TimeLimitsFile } from './schema.js';

export interface Department extends DepartmentEntry {
  inDistricts: boolean;
}

export interface District {
  code: string;
  name: string;
  /** Names people use besides the full name: derived short forms and catalogue aliases. */
  aliases: string[];
  kind: 'division' | 'zone';
  /** The territorial body of a functional zone (管委会), which has no 人民政府. */
  administration?: string;
}

/** A place name that contains a district's name without being in that district. */
export interface Landmark {
  name: string;
  /** Where the place is; null when it spans districts or names none (a river). */
  district: District | null;
}

/** An industry (行业) of reported entities, from the shared industries.yaml. */
export interface Industry {
  code: string;
  title: string;
  terms: string[];
}

export interface Matter extends MatterEntry {
  cooperating: DepartmentCode[];
  timeLimitClass: string;
  exclude: string[];
  symptom: boolean;
}

/** A validated catalogue of one jurisdiction: plain data, no indexes. */
export interface Catalogue {
  code: string;
  name: string;
  divisionCode: string;
  /** Start of every tracking code (CQ-20261122-…). */
  trackingPrefix: string;
  supervisors: NonNullable<JurisdictionFile['supervisors']>;
  triageThreshold: number;
  statistics: { weights: { response: number; resolution: number; satisfaction: number }; minimumSample: number };
  confidentScore: number;
  /** Channels whose reply needs the signed reply document attached (jurisdiction.yaml closure.replyDocument). */
  replyDocumentChannels: readonly string[];
  /** SHA-256 over the catalogue's files: every routing decision records it. */
  version: string;
  /** The parsed files, as stored with the version. */
  files: Record<string, unknown>;
  departments: ReadonlyMap<DepartmentCode, Department>;
  districts: readonly District[];
  districtsByCode: ReadonlyMap<string, District>;
  landmarks: readonly Landmark[];
  matters: readonly Matter[];
  mattersByCode: ReadonlyMap<string, Matter>;
  industries: readonly Industry[];
  industriesByCode: ReadonlyMap<string, Industry>;
  timeLimits: TimeLimitsFile;
}
