import { listAll, type AttainClient } from '../client/attain-client.ts';

/** How a map finds a user from a cell: by the user's name or by its email. */
export type UserLookup = 'user-name' | 'user-email';

export interface DirectoryUser {
  readonly id: string;
  readonly name: string;
  readonly email?: string | null;
}

/** Finds users by name or email, case-insensitively: a user's id, or why there is none. */
export interface UserDirectory {
  find(lookup: UserLookup, value: string): { id: string } | { error: string };
}

/** Case, surrounding spaces and runs of spaces do not tell two names apart. */
const normalized = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

export function userDirectory(users: readonly DirectoryUser[]): UserDirectory {
  const index = { 'user-name': new Map<string, string[]>(), 'user-email': new Map<string, string[]>() };
  const add = (map: Map<string, string[]>, key: string | null | undefined, id: string) => {
    if (!key) return;
    const ids = map.get(normalized(key)) ?? [];
    ids.push(id);
    map.set(normalized(key), ids);
  };
  for (const user of users) {
    add(index['user-name'], user.name, user.id);
    add(index['user-email'], user.email, user.id);
  }
  return {
    find(lookup, value) {
      const ids = index[lookup].get(normalized(value)) ?? [];
      if (ids.length === 1) return { id: ids[0]! };
      const what = lookup === 'user-name' ? 'named' : 'with the email';
      if (ids.length === 0) return { error: `no user ${what} "${value}"` };
      return { error: `${ids.length} users ${what} "${value}" (${ids.join(', ')}): look them up by another column` };
    },
  };
}

/** Every user of the tenant (GET /users, page by page), read once before an import. */
export async function loadUserDirectory(api: AttainClient): Promise<UserDirectory> {
  return userDirectory(await listAll<DirectoryUser>(api, '/users'));
}
