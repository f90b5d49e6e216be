// --open: the page in the user's browser, when there is a display to show it on. Linux needs
// $DISPLAY or $WAYLAND_DISPLAY (a server or CI shell has neither: the path is printed instead, and
// why it was not opened); macOS uses `open`, Windows `start`. The opener runs detached: the command
// does not wait for the browser.
import { spawn } from 'node:child_process';

export interface Opener {
  readonly command: string;
  readonly args: readonly string[];
}

/** How to open `path` here, or why it cannot be opened. */
export function opener(path: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Opener | { readonly whyNot: string } {
  if (platform === 'darwin') return { command: 'open', args: [path] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', path] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { whyNot: 'no display ($DISPLAY and $WAYLAND_DISPLAY are unset)' };
  return { command: 'xdg-open', args: [path] };
}

/** Opens the page; returns the line to print (what happened). Never throws: a failed opener is reported. */
export function openPage(path: string): Promise<string> {
  const o = opener(path);
  if ('whyNot' in o) return Promise.resolve(`not opened: ${o.whyNot}; open ${path} in a browser`);
  return new Promise((resolve) => {
    const child = spawn(o.command, [...o.args], { detached: true, stdio: 'ignore' });
    child.once('error', (e) => resolve(`not opened: ${o.command} failed (${e.message}); open ${path} in a browser`));
    child.once('spawn', () => {
      child.unref();
      resolve(`opened ${path} (${o.command})`);
    });
  });
}
