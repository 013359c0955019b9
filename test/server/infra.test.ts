import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BicepFile, readBicep } from '../bicep';
import { REPO_ROOT } from '../helpers';
import { tempDir } from '../tempDir';

const INFRA = path.join(REPO_ROOT, 'infra');

/**
 * The Azure templates `azd up` deploys, checked as far as can be without the Bicep compiler
 * (a download from GitHub, unreachable here): they parse, every parameter is documented,
 * modules are called with the parameters they declare and their outputs exist and are used,
 * and azure.yaml and main.parameters.json point at what is there.
 */
describe('Azure templates (infra/, azure.yaml)', () => {
  let files: BicepFile[];
  const byPath = (file: string) => files.find((f) => f.file === file)!;
  const main = () => byPath(path.join(INFRA, 'main.bicep'));

  before(async () => {
    const names = fs.readdirSync(INFRA, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.bicep'));
    files = await Promise.all(names.map((name) => readBicep(path.join(INFRA, name))));
  });

  it('every Bicep file parses, and a syntax error would be caught', async () => {
    for (const file of files) assert.deepEqual(file.syntaxErrors, [], path.relative(REPO_ROOT, file.file));
    const broken = path.join(tempDir('bicep'), 'broken.bicep');
    fs.writeFileSync(broken, main().text.replace("targetScope = 'subscription'", "targetScope = 'subscription'\nresource {"));
    assert.notDeepEqual((await readBicep(broken)).syntaxErrors, []);
  });

  it('every parameter of every file has a @description', () => {
    for (const file of files) {
      for (const param of file.params) {
        assert.ok(param.decorators.some((d) => /^@description\('.+'\)$/s.test(d)), `${path.relative(REPO_ROOT, file.file)}:${param.line} ${param.name}`);
      }
    }
  });

  it('modules are given exactly the parameters they declare, all the required ones', () => {
    for (const file of files) {
      for (const module of file.modules) {
        assert.ok(fs.existsSync(module.file), `${module.name}: ${module.file} exists`);
        const declared = byPath(module.file).params;
        for (const given of module.params) assert.ok(declared.some((p) => p.name === given), `${module.name} declares ${given}`);
        for (const required of declared.filter((p) => !p.hasDefault)) assert.ok(module.params.includes(required.name), `${module.name} is given ${required.name}`);
      }
    }
  });

  it('every module output read exists, and every module output is read', () => {
    for (const file of files) {
      for (const [, name, output] of file.text.matchAll(/\b(\w+)\.outputs\.(\w+)/g)) {
        const module = file.modules.find((m) => m.name === name);
        assert.ok(module, `${name} is a module of ${file.file}`);
        assert.ok(byPath(module.file).outputs.includes(output), `${name} has output ${output}`);
      }
      for (const module of file.modules) {
        for (const output of byPath(module.file).outputs) assert.ok(file.text.includes(`${module.name}.outputs.${output}`), `${module.name}.outputs.${output} is used`);
      }
    }
  });

  it('main.parameters.json gives azd\'s values to parameters main.bicep declares, every required one', () => {
    const given = Object.keys(JSON.parse(fs.readFileSync(path.join(INFRA, 'main.parameters.json'), 'utf8')).parameters);
    for (const name of given) assert.ok(main().params.some((p) => p.name === name), `main.bicep declares ${name}`);
    for (const param of main().params.filter((p) => !p.hasDefault)) assert.ok(given.includes(param.name), `${param.name} is given`);
  });

  it('every output of main.bicep is explained in the Deploy section of docs/deploy.md', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'deploy.md'), 'utf8');
    const deploy = readme.slice(readme.indexOf('## Deploy'), readme.indexOf('\n## ', readme.indexOf('## Deploy') + 1));
    assert.ok(deploy.length > 0, 'a Deploy section');
    for (const output of main().outputs) assert.ok(deploy.includes(output), `${output} in docs/deploy.md, Deploy`);
  });

  it('azure.yaml deploys the tested Dockerfile to the container app the templates tag for it', () => {
    const azure = parseYaml(fs.readFileSync(path.join(REPO_ROOT, 'azure.yaml'), 'utf8'));
    assert.ok(fs.existsSync(path.join(REPO_ROOT, azure.infra.path, `${azure.infra.module}.bicep`)));
    const [[service, settings]] = Object.entries<any>(azure.services);
    assert.equal(settings.host, 'containerapp');
    assert.equal(path.resolve(REPO_ROOT, settings.docker.path), path.join(REPO_ROOT, 'Dockerfile'));
    assert.ok(files.some((f) => f.text.includes(`'azd-service-name': '${service}'`)), `a resource tagged azd-service-name=${service}`);
  });

  it('the help desk roles and link hosts reach the bot\'s settings from azd; the admins default to whoever deploys, never to anyone', () => {
    const parameters = JSON.parse(fs.readFileSync(path.join(INFRA, 'main.parameters.json'), 'utf8')).parameters;
    const app = byPath(path.join(INFRA, 'modules', 'containerApp.bicep'));
    const call = main().modules.find((m) => m.name === 'app')!;
    for (const [setting, param] of [['HELP_DESK_ADMINS', 'helpDeskAdmins'], ['HELP_DESK_LEADS', 'helpDeskLeads'], ['KB_LINK_HOSTS', 'kbLinkHosts']]) {
      assert.equal(parameters[param]?.value, `\${${setting}}`, `azd env ${setting} is the parameter ${param}`);
      assert.ok(call.params.includes(param), `main.bicep passes ${param} to the container app`);
      assert.match(app.text, new RegExp(`\\{ name: '${setting}', value: ${param} \\}`), `the container app sets ${setting}`);
    }
    assert.match(main().text, /var admins = empty\(helpDeskAdmins\) \? principalId : helpDeskAdmins/);
    assert.match(main().text, /helpDeskAdmins: admins\n/);
  });
});
