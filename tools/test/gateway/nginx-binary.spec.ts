import { findProgram, MissingProgramError, nginxVersion } from '../../src/gateway/nginx-binary';

describe('finding nginx', () => {
  it('names the install commands for Debian/Ubuntu and macOS when a program is missing', async () => {
    const missing = findProgram('nginx-that-is-not-installed');
    await expect(missing).rejects.toBeInstanceOf(MissingProgramError);
    await expect(findProgram('nginx-that-is-not-installed')).rejects.toThrow(
      /nginx-that-is-not-installed was not found[\s\S]*sudo apt-get update && sudo apt-get install -y nginx gettext-base[\s\S]*brew install nginx gettext/,
    );
  });

  it('finds nginx in /usr/sbin even when it is not on PATH, and reads its version', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      const bin = await findProgram('nginx');
      expect(bin).toMatch(/\/nginx$/);
      expect(await nginxVersion(bin)).toMatch(/^\d+\.\d+\.\d+$/);
    } finally {
      process.env['PATH'] = path;
    }
  });
});
