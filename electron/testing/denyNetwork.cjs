// Test-only network guard for a child process: `node --require electron/testing/denyNetwork.cjs …` (--require, unlike
// --import, also runs in every worker thread; NODE_OPTIONS carries it to grandchildren). Every outbound connection,
// DNS query, UDP send or fetch that is not loopback is refused and recorded, one JSON line each, in $LOCI_NETWORK_LOG.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS by definition */
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const dgram = require('node:dgram');
const { threadId } = require('node:worker_threads');

const LOG = process.env.LOCI_NETWORK_LOG;
if (!LOG) throw new Error('denyNetwork.cjs: set LOCI_NETWORK_LOG to the file the records go to');

const GUARD = Symbol.for('loci.denyNetwork');
if (!globalThis[GUARD]) {
  globalThis[GUARD] = true;

  const write = (record) => fs.appendFileSync(LOG, `${JSON.stringify({ pid: process.pid, thread: threadId, ...record })}\n`);
  const refused = (kind, target) => {
    // the stack says which code tried, for whoever reads a failing test
    const stack = (new Error().stack ?? '').split('\n').slice(3, 12).map((l) => l.trim());
    write({ kind, target: String(target), stack });
  };
  write({ kind: 'loaded' });

  const isLoopbackAddress = (host) => {
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    const family = net.isIP(bare);
    if (family === 4) return bare.startsWith('127.');
    if (family === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
    return false;
  };
  /** Loopback by address or by the one name that always means it; anything else needs the network. */
  const isLoopbackHost = (host) => {
    if (host === undefined || host === null || host === '') return true; // Node's default is localhost
    const name = String(host).toLowerCase();
    return isLoopbackAddress(name) || name === 'localhost' || name.endsWith('.localhost');
  };
  const refusal = (message, code) => Object.assign(new Error(`${message} (refused by the offline test guard)`), { code });

  // net (and everything on top of it: http, https, tls, undici, ws): check the target before any lookup happens
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    let options = args[0];
    if (Array.isArray(options)) options = options[0]; // net.connect hands over its normalized [options, callback]
    let target;
    if (options !== null && typeof options === 'object') target = options.path !== undefined ? null : { host: options.host, port: options.port };
    else if (typeof options === 'number' || /^\d+$/.test(String(options))) target = { host: typeof args[1] === 'string' ? args[1] : undefined, port: options };
    else target = null; // a pipe or unix socket path: local by definition
    if (target && !isLoopbackHost(target.host)) {
      refused('connect', `${target.host}:${target.port}`);
      const error = refusal(`connect ECONNREFUSED ${target.host}:${target.port}`, 'ECONNREFUSED');
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return connect.apply(this, args);
  };

  // DNS: a lookup of a real name is already a packet leaving the machine
  const guardCallback = (name, original) =>
    function guardedDns(hostname, ...rest) {
      if (isLoopbackHost(hostname)) return original.call(this, hostname, ...rest);
      refused(`dns.${name}`, hostname);
      const callback = rest.reverse().find((r) => typeof r === 'function');
      const error = refusal(`getaddrinfo ENOTFOUND ${hostname}`, 'ENOTFOUND');
      if (callback) process.nextTick(() => callback(error));
      return undefined;
    };
  const guardPromise = (name, original) =>
    function guardedDnsPromise(hostname, ...rest) {
      if (isLoopbackHost(hostname)) return original.call(this, hostname, ...rest);
      refused(`dns.promises.${name}`, hostname);
      return Promise.reject(refusal(`getaddrinfo ENOTFOUND ${hostname}`, 'ENOTFOUND'));
    };
  const dnsNames = Object.keys(dns).filter((k) => k === 'lookup' || k === 'lookupService' || k.startsWith('resolve') || k === 'reverse');
  for (const name of dnsNames) if (typeof dns[name] === 'function') dns[name] = guardCallback(name, dns[name]);
  for (const name of dnsNames) if (typeof dns.promises[name] === 'function') dns.promises[name] = guardPromise(name, dns.promises[name]);
  for (const Resolver of [dns.Resolver, dns.promises.Resolver]) {
    for (const name of Object.getOwnPropertyNames(Resolver.prototype)) {
      if (!name.startsWith('resolve') && name !== 'reverse') continue;
      const original = Resolver.prototype[name];
      Resolver.prototype[name] = Resolver === dns.Resolver ? guardCallback(`Resolver.${name}`, original) : guardPromise(`Resolver.${name}`, original);
    }
  }

  // UDP
  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function guardedSend(...args) {
    const address = args.slice(1).find((a) => typeof a === 'string');
    if (address !== undefined && !isLoopbackHost(address)) {
      refused('udp', address);
      const callback = args.find((a) => typeof a === 'function');
      if (callback) process.nextTick(() => callback(refusal(`send ECONNREFUSED ${address}`, 'ECONNREFUSED')));
      return undefined;
    }
    return send.apply(this, args);
  };

  // fetch: refused with the same TypeError undici gives when it cannot connect, recorded with its URL
  if (typeof globalThis.fetch === 'function') {
    const originalFetch = globalThis.fetch;
    globalThis.fetch = function guardedFetch(input, init) {
      let url;
      try {
        url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
      } catch {
        return originalFetch.call(this, input, init);
      }
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'file:' || isLoopbackHost(url.hostname)) return originalFetch.call(this, input, init);
      refused('fetch', url.href);
      return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: refusal(`connect ECONNREFUSED ${url.host}`, 'ECONNREFUSED') }));
    };
  }
}
