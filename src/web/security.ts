import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { UsageError } from "../core/errors.js";

export interface ListenAddress {
  host: string;
  port: number;
  loopback: boolean;
}

/** `127.0.0.1:8080`, `[::1]:8080`, `localhost:8080`, `0.0.0.0:8080`; port 0 picks a free port. */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/u.exec(text.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!match || host === undefined || port > 65_535 || (host !== "localhost" && isIP(host) === 0)) {
    throw new UsageError(`serve --listen: "${text}" is not host:port (e.g. 127.0.0.1:8080, [::1]:8080)`);
  }
  return { host, port, loopback: isLoopback(host) };
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/u.test(host);
}

/** Minimum length of EARSHOT_UI_TOKEN: a short token on a network port is guessable. */
export const MIN_TOKEN_CHARS = 16;

/**
 * The access rule: loopback needs nothing (the machine's users are trusted, as with the database
 * file itself); any other address needs EARSHOT_UI_TOKEN, else the server refuses to start.
 */
export function checkListenAccess(address: ListenAddress, token: string | undefined): void {
  if (token !== undefined && token.length < MIN_TOKEN_CHARS) {
    throw new UsageError(`serve: EARSHOT_UI_TOKEN is too short (at least ${MIN_TOKEN_CHARS} characters)`);
  }
  if (!address.loopback && token === undefined) {
    throw new UsageError(`serve: refusing to listen on ${address.host}, which is not loopback, without EARSHOT_UI_TOKEN (set it, or listen on 127.0.0.1)`);
  }
}

/** Keys of one server process: cookies and form tokens signed with them die with the process. */
export interface ServerKeys {
  csrf: Buffer;
  session: Buffer;
}

export function createServerKeys(): ServerKeys {
  return { csrf: randomBytes(32), session: randomBytes(32) };
}

export function toHmac(key: Buffer, text: string): string {
  return createHmac("sha256", key).update(text).digest("base64url");
}

/** Constant-time comparison of two strings (a mismatch in length is not secret). */
export function equalsSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createClientId(): string {
  return randomBytes(18).toString("base64url");
}
