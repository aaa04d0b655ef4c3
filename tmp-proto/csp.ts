import { startPartnerServer } from '../demo/partner-server.ts';
import { spawnServer } from '../test/fixtures/spawn-server.ts';
import { ERROR_HOOK, SHADOW } from '../test/e2e/engines/driver.ts';
import { launchWebKit } from '../test/e2e/engines/webkit.ts';
const server = await spawnServer({ PETITION_LOG: 'on' });
const api = server.url.replace('127.0.0.1', 'localhost');
const partner = await startPartnerServer(0, api, { inline: ERROR_HOOK });
const engine = await launchWebKit();
const tab = await engine.open(1280);
try {
  await tab.goto(partner.url + '/');
  await tab.waitFor(`return !!${SHADOW}?.querySelector("form")`);
  console.log(await tab.run(`const r = ${SHADOW}.querySelector('.root'); return [getComputedStyle(r).outlineWidth, r.getAttribute('style'), navigator.userAgent]`), await tab.errors());
} finally {
  await tab.close(); await engine.close(); partner.close(); await server.stop();
}
