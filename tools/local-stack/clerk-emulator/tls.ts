// A local certificate authority and a server certificate for localhost / 127.0.0.1 / ::1, generated once
// into <dataDir>/tls/ (as mkcert does): older SDKs always reach the Frontend API as https://<proxy host>,
// and each SDK's default clerk-js URL is https too. Trust ca.pem to have browsers accept it.
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { writeFileAtomic } from './persistence.ts';

export interface TlsFiles {
  /** The CA certificate to trust (browsers, NODE_EXTRA_CA_CERTS, curl --cacert). */
  caCertFile: string;
  cert: string;
  key: string;
}

const DAY_MS = 24 * 3600 * 1000;
// Browsers cap server certificates from public CAs at 398 days; staying under it avoids any such check.
const SERVER_CERT_DAYS = 397;
const CA_DAYS = 10 * 365;

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Still valid for a day and issued by this CA (a regenerated CA invalidates the old server certificate). */
function usable(certPem: string | undefined, caPem: string): boolean {
  if (!certPem) return false;
  try {
    const cert = new X509Certificate(certPem);
    return Date.parse(cert.validTo) - Date.now() > DAY_MS && cert.checkIssued(new X509Certificate(caPem));
  } catch {
    return false;
  }
}

export async function loadOrCreateTls(dataDir: string): Promise<TlsFiles> {
  const dir = join(dataDir, 'tls');
  await mkdir(dir, { recursive: true });
  const files = {
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    cert: join(dir, 'cert.pem'),
    key: join(dir, 'key.pem'),
  };
  let caCert = await readIfPresent(files.caCert);
  let caKey = await readIfPresent(files.caKey);
  if (!caCert || !caKey || !usable(caCert, caCert)) {
    const now = new Date();
    const ca = await generate([{ name: 'commonName', value: 'Clerk emulator local CA' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate: now,
      notAfterDate: new Date(now.getTime() + CA_DAYS * DAY_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    });
    caCert = ca.cert;
    caKey = ca.private;
    await writeFileAtomic(files.caKey, caKey, 0o600);
    await writeFileAtomic(files.caCert, caCert);
  }
  let cert = await readIfPresent(files.cert);
  let key = await readIfPresent(files.key);
  if (!cert || !key || !usable(cert, caCert)) {
    const now = new Date();
    const server = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate: now,
      notAfterDate: new Date(now.getTime() + SERVER_CERT_DAYS * DAY_MS),
      ca: { key: caKey, cert: caCert },
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    });
    cert = server.cert;
    key = server.private;
    await writeFileAtomic(files.key, key, 0o600);
    await writeFileAtomic(files.cert, cert);
  }
  return { caCertFile: files.caCert, cert: `${cert.trim()}\n${caCert.trim()}\n`, key };
}
