import { buildProgram } from './program.js';

describe(buildProgram.name, () => {
  describe('each command’s --help', () => {
    const program = buildProgram(['node', 'berth']);
    it.each(program.commands.map((c) => [c.name()]))('lists the global options for %s', (name) => {
      const help = program.commands.find((c) => c.name() === name)?.helpInformation() ?? '';
      expect(help).toContain('Global Options:');
      expect(help).toContain('--json');
      expect(help).toContain('--driver <kind>');
    });
  });
});
