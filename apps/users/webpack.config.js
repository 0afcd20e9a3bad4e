const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');
const { ServiceBundlePlugin } = require('../../libs/service-kit/build/service-bundle-plugin');

module.exports = {
  // The one entry comes from NxAppWebpackPlugin (server.js); none from webpack's default.
  entry: {},
  output: { path: join(__dirname, '../../dist/apps/users'), clean: true },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // main.js is the launcher ServiceBundlePlugin writes; it runs the bundle of server.js.
      outputFileName: 'server.js',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
    new ServiceBundlePlugin(__dirname),
  ],
};
