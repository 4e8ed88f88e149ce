import { build } from 'esbuild';
const [entry] = process.argv.slice(2);
const r = await build({ entryPoints:[entry], bundle:true, write:false, platform:'node', format:'esm', packages:'external', logLevel:'silent' });
process.stdout.write(r.outputFiles[0].text);
