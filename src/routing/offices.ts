import type { DepartmentCode } from '../catalogue/schema.js';
import type { Catalogue, District } from '../catalogue/types.js';

export interface Office {
  department: DepartmentCode;
  /** The office's name: the district's office where the department has one, else the city's. */
  name: string;
  /** District of the office, or null for the city-level office. */
  district: string | null;
  email: string | null;
}

/** The office of a department that handles a case in a district (重庆市渝中区生态环境局), or the city office. */
export function officeFor(catalogue: Catalogue, code: DepartmentCode, district: District | null): Office {
  const department = catalogue.departments.get(code);
  if (!department) throw new Error(`department ${code} is not in the ${catalogue.code} catalogue`);
  if (!district || !department.inDistricts || !department.districtName) {
    return { department: code, name: department.name, district: null, email: department.email ?? null };
  }
  const name = code === 'territorial' && district.administration
    ? district.administration
    : catalogue.name + department.districtName.replace('{district}', district.name);
  const email = department.districtEmail?.replace('{districtCode}', district.code) ?? department.email ?? null;
  return { department: code, name, district: district.code, email };
}
