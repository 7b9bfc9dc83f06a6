import { randomUUID } from 'node:crypto';
import { signDevToken } from '../../infra/local/dev-token.ts';
import { startGateway, type Gateway } from '../../infra/local/gateway.ts';
import { cloudPorts } from '../../functions/cloud-ports.ts';
import type { AppPorts } from '../../functions/use-cases/ports.ts';
import { attainClient, type ApiResponse } from '../../infra/client/attain-client.ts';

export type { ApiResponse };

export type Role = 'admin' | 'manager' | 'member' | 'integration';

export interface ApiClient {
  readonly tenant: string;
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  get<T = any>(path: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  delete<T = any>(path: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
}

export interface TestApi {
  readonly url: string;
  /** A client for the tenant (default: a fresh one per TestApi) acting as `role`. */
  as(role: Role, options?: { tenant?: string; user?: string }): Promise<ApiClient>;
  readonly tenant: string;
  close(): Promise<void>;
}

const secret = process.env.ATTAIN_DEV_SECRET ?? 'attain-local-dev-secret';

export function uniqueTenant(prefix = 't'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}

/** Sends a request over real HTTP with the one API client and decodes the JSON answer (if any), whatever its status. */
export function send<T>(url: string, method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
  return attainClient(url, token).send<T>(method, path, body, headers);
}

/**
 * The local gateway on a free port, serving the real handler modules against the test DynamoDB
 * Local; `ports` replaces single ports of the composition root's (the dispatcher, the clock).
 */
export async function startTestApi(options: { webRoot?: false; ports?: Partial<AppPorts> | AppPorts } = {}): Promise<TestApi> {
  const { ports, ...rest } = options;
  const gateway: Gateway = await startGateway({ port: 0, secret, ...rest, ...(ports ? { ports: cloudPorts(ports) } : {}) });
  const defaultTenant = uniqueTenant();
  return {
    url: gateway.url,
    tenant: defaultTenant,
    async as(role, options = {}) {
      const tenant = options.tenant ?? defaultTenant;
      const token = await signDevToken({ sub: options.user ?? `u-${role}`, tenant, role }, { secret });
      const client = attainClient(gateway.url, token);
      const request = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => client.send<T>(method, path, body, headers);
      return {
        tenant,
        request,
        get: (path, headers) => request('GET', path, undefined, headers),
        post: (path, body, headers) => request('POST', path, body, headers),
        put: (path, body, headers) => request('PUT', path, body, headers),
        patch: (path, body, headers) => request('PATCH', path, body, headers),
        delete: (path, headers) => request('DELETE', path, undefined, headers),
      };
    },
    close: () => gateway.close(),
  };
}
