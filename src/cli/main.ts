#!/usr/bin/env node
import { Command } from 'commander';
import { registerServer } from './server-command.js';
import { registerOperator } from './operator-command.js';
import { registerAdmin } from './admin-command.js';

const program = new Command();
program.name('coffer').description('self-hosted key management that speaks AWS Secrets Manager, KMS and STS');
registerServer(program);
registerOperator(program);
registerAdmin(program);
await program.parseAsync(process.argv);
