#!/usr/bin/env python3
"""The parts of deploy/check.sh that need more than a shell: parsing the unit
and the other configuration files, comparing the man page with --help, the
man page's FILES with what meson installs, and the commands in the guides
with the program's. Each subcommand prints "ok - ..." or "FAIL - ..." lines
and exits 1 when anything failed.

  checks.py unit UNIT EXPECTED_BIN FONT
  checks.py udev RULES
  checks.py conf FILE SECTION KEY...   (SECTION - for sysctl.d)
  checks.py man RENDERED.txt HELP.txt SOURCE_TREE
  checks.py installed INSTALLED.json PREFIX LINGUAS
  checks.py docs HELP.txt FILE...
"""
import json
import os
import re
import shlex
import sys

failures = 0


def ok(msg):
    print('ok - ' + msg)


def bad(msg):
    global failures
    failures += 1
    print('FAIL - ' + msg)


def expect(cond, msg):
    (ok if cond else bad)(msg)


# --- systemd unit files -------------------------------------------------

# The keys this project's units use, by section, and a few more that are
# common; a key outside these is a typo as far as this check knows.
UNIT_KEYS = {
    'Unit': {'Description', 'Documentation', 'After', 'Before', 'Wants', 'Requires',
             'BindsTo', 'Conflicts', 'OnSuccess', 'OnFailure', 'StartLimitIntervalSec',
             'StartLimitBurst', 'ConditionPathExists', 'IgnoreOnIsolate'},
    'Service': {'Type', 'User', 'Group', 'StateDirectory', 'StateDirectoryMode',
                'WorkingDirectory', 'Environment', 'ExecStartPre', 'ExecStart',
                'ExecStopPost', 'StandardInput', 'StandardOutput', 'StandardError',
                'TTYPath', 'TTYReset', 'TTYVHangup', 'TTYVTDisallocate', 'Restart',
                'RestartSec', 'RestartForceExitStatus', 'NoNewPrivileges',
                'ProtectSystem', 'ProtectHome', 'UtmpIdentifier', 'SendSIGHUP'},
    'Install': {'WantedBy', 'RequiredBy', 'Alias', 'DefaultInstance'},
}


def parse_ini(path):
    """Returns {section: [(key, value), ...]} and a list of syntax errors."""
    sections, errors, cur = {}, [], None
    text = open(path, encoding='utf-8').read().replace('\\\n', ' ')
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s[0] in '#;':
            continue
        m = re.fullmatch(r'\[([A-Za-z]+)\]', s)
        if m:
            cur = m.group(1)
            sections.setdefault(cur, [])
            continue
        m = re.fullmatch(r'([A-Za-z][A-Za-z0-9._-]*)\s*=\s*(.*)', s)
        if not m or cur is None:
            errors.append('%s:%d: not "Key=value" in a section: %s' % (path, n, s))
            continue
        sections[cur].append((m.group(1), m.group(2)))
    return sections, errors


def values(sections, section, key):
    return [v for k, v in sections.get(section, []) if k == key]


def cmd_unit(unit, expected_bin, font):
    name = os.path.basename(unit)
    secs, errors = parse_ini(unit)
    for e in errors:
        bad(e)
    unknown = ['[%s] %s' % (s, k) for s, kv in secs.items() for k, _ in kv
               if k not in UNIT_KEYS.get(s, set())]
    expect(not errors and not unknown and set(secs) == set(UNIT_KEYS),
           '%s: sections [Unit] [Service] [Install], known keys only%s' % (
               name, ' (unknown: %s)' % ', '.join(unknown) if unknown else ''))
    start = values(secs, 'Service', 'ExecStart')
    argv = shlex.split(start[0]) if len(start) == 1 else []
    expect(len(start) == 1 and argv and argv[0] == expected_bin,
           '%s: ExecStart runs %s (meson\'s default prefix)' % (name, expected_bin))
    expect('--kiosk' in argv, '%s: ExecStart has --kiosk' % name)
    db = argv[argv.index('--db') + 1] if '--db' in argv[:-1] else ''
    state = values(secs, 'Service', 'StateDirectory')
    expect(db.startswith('/var/lib/%s/' % (state[0] if state else '?')),
           '%s: the database (%s) is in its StateDirectory' % (name, db or 'none'))
    pre = ' '.join(values(secs, 'Service', 'ExecStartPre'))
    expect(font in pre, '%s: ExecStartPre loads %s' % (name, font))
    want = [('Service', 'User', 'ntmkiosk'), ('Service', 'StandardInput', 'tty'),
            ('Service', 'StandardOutput', 'tty'), ('Service', 'TTYPath', '/dev/%I'),
            ('Unit', 'Conflicts', 'getty@%i.service'),
            ('Install', 'WantedBy', 'multi-user.target')]
    for sec, key, val in want:
        expect(val in ' '.join(values(secs, sec, key)).split(),
               '%s: %s=%s' % (name, key, val))
    restart = values(secs, 'Service', 'Restart')
    expect(restart and restart[-1] in ('on-failure', 'always'),
           '%s: Restart=on-failure or always' % name)


# --- udev rules and small configuration files ----------------------------

UDEV_KEYS = {'ACTION', 'SUBSYSTEM', 'SUBSYSTEMS', 'KERNEL', 'KERNELS', 'ENV', 'ATTR',
             'ATTRS', 'DRIVERS', 'TAG', 'RUN', 'PROGRAM', 'RESULT', 'GOTO', 'LABEL'}


def cmd_udev(path):
    name = os.path.basename(path)
    rules = 0
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        s = line.strip()
        if not s or s.startswith('#'):
            continue
        rules += 1
        pairs = re.findall(r'\s*([A-Z]+)(?:\{([^}]*)\})?\s*(==|!=|\+=|:=|=)\s*"([^"]*)"\s*(,|$)', s)
        rebuilt = len(pairs)
        keys_ok = all(k in UDEV_KEYS for k, _, _, _, _ in pairs)
        consumed = re.sub(r'\s*([A-Z]+)(?:\{[^}]*\})?\s*(==|!=|\+=|:=|=)\s*"[^"]*"\s*(,|$)', '', s)
        expect(rebuilt and keys_ok and not consumed.strip(),
               '%s:%d: KEY=="value" pairs with known keys' % (name, n))
        for k, attr, op, val, _ in pairs:
            if k == 'RUN':
                prog = shlex.split(val)[0]
                expect(os.access(prog, os.X_OK), '%s:%d: %s exists' % (name, n, prog))
    expect(rules > 0, '%s: has a rule' % name)


def cmd_conf(path, section, keys):
    name = os.path.basename(path)
    if section == '-':  # sysctl.d: key = value, keys under /proc/sys
        for n, line in enumerate(open(path, encoding='utf-8'), 1):
            s = line.strip()
            if not s or s[0] in '#;':
                continue
            m = re.fullmatch(r'([a-z0-9_.]+)\s*=\s*(.+)', s)
            # Both are in the kernel's Documentation/admin-guide/sysctl/kernel.rst;
            # a container may hide them from /proc/sys.
            known = m and (m.group(1) in ('kernel.printk', 'kernel.sysrq') or
                           os.path.exists('/proc/sys/' + m.group(1).replace('.', '/')))
            expect(known and m.group(1) in keys,
                   '%s:%d: %s is a kernel setting' % (name, n, m.group(1) if m else s))
        return
    secs, errors = parse_ini(path)
    for e in errors:
        bad(e)
    found = [k for k, _ in secs.get(section, [])]
    expect(not errors and list(secs) == [section] and sorted(found) == sorted(keys),
           '%s: [%s] %s' % (name, section, ' '.join(keys)))
    # systemd's own files list every key, commented out, with its default.
    ref = {'Login': '/etc/systemd/logind.conf', 'Manager': '/etc/systemd/system.conf'}.get(section)
    if ref and os.path.exists(ref):
        known = set(re.findall(r'^#?([A-Za-z]+)=', open(ref).read(), re.M))
        unknown = [k for k in found if k not in known]
        expect(not unknown, '%s: keys known to %s%s' % (
            name, ref, ' (not: %s)' % ', '.join(unknown) if unknown else ''))


# --- the man page against --help ------------------------------------------

def squash(s):
    return ' '.join(s.split())


def parse_help(help_path):
    """Returns ([(name, usage)], [--options]) from `ntmkiosk --help`."""
    lines = open(help_path, encoding='utf-8').read().splitlines()
    cmds, opts, part = [], [], None
    for line in lines:
        if line == 'commands:':
            part = 'c'
        elif line == 'options:':
            part = 'o'
        elif part == 'c' and re.match(r'  \S', line):
            name, _, usage = line.strip().partition(' ')
            cmds.append((name, squash(usage)))
        elif part == 'o' and re.match(r'  --', line):
            opts += re.findall(r'--[a-z-]+', re.split(r'\s{2,}', line.strip())[0])
    return cmds, opts


def man_sections(text):
    secs, cur = {}, None
    for line in text.splitlines():
        if re.match(r'[A-Z][A-Z ]+$', line):
            cur = line.strip()
            secs[cur] = []
        elif cur:
            secs[cur].append(line)
    return {k: '\n'.join(v) for k, v in secs.items()}


def cmd_man(rendered, help_path, tree):
    text = open(rendered, encoding='utf-8').read()
    secs = man_sections(text)
    for s in ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'OPTIONS', 'KEYS', 'FILES',
              'ENVIRONMENT', 'EXIT STATUS', 'EXAMPLES', 'SEE ALSO']:
        expect(s in secs, 'man page: section %s' % s)
    for word in ['nông thôn mới', 'thôn/bản', 'Nguyễn Văn An', 'đào tạo']:
        expect(word in text, 'man page: Vietnamese survives ("%s")' % word)
    cmds, opts = parse_help(help_path)
    expect(len(cmds) > 10, 'ntmkiosk --help lists %d commands' % len(cmds))
    syn = [squash(l) for l in secs.get('SYNOPSIS', '').splitlines() if l.strip()]
    com = [squash(l) for l in secs.get('COMMANDS', '').splitlines() if l.strip()]
    for name, usage in cmds:
        want = ['ntmkiosk %s %s' % (name, usage)]
        if name == 'kiosk':
            want.append('ntmkiosk [kiosk] %s' % usage)
        expect(any(w in syn for w in want), 'man SYNOPSIS: ntmkiosk %s %s' % (name, usage))
        expect('%s %s' % (name, usage) in com, 'man COMMANDS: %s %s' % (name, usage))
    known = {n for n, _ in cmds} | {'[kiosk]', '--help'}
    extra = [l.split()[1] for l in syn if l.startswith('ntmkiosk ') and l.split()[1] not in known]
    expect(not extra, 'man SYNOPSIS: no command that --help lacks%s' % (
        ' (' + ', '.join(extra) + ')' if extra else ''))
    options = secs.get('OPTIONS', '')
    for o in opts:
        expect(re.search(r'(^|\s)%s(\s|$)' % re.escape(o), options, re.M) is not None,
               'man OPTIONS: %s' % o)
    used = set()
    for d in ['app', 'core', 'tui', 'records', 'content', 'quizzes']:
        for f in os.listdir(os.path.join(tree, d)):
            if f.endswith('.c'):
                used |= set(re.findall(r'getenv\("([A-Za-z_]+)"\)',
                                       open(os.path.join(tree, d, f), encoding='utf-8').read()))
    env = secs.get('ENVIRONMENT', '')
    for v in sorted(used | {'TZ'}):
        expect(re.search(r'^\s+%s\b' % v, env, re.M) is not None, 'man ENVIRONMENT: %s' % v)
    status = secs.get('EXIT STATUS', '')
    expect(all(re.search(r'^\s+%d\s' % n, status, re.M) for n in (0, 1, 2)),
           'man EXIT STATUS: 0, 1 and 2')


# --- what meson installs against the man page's FILES ----------------------

def cmd_installed(installed_json, prefix, linguas):
    dests = list(json.load(open(installed_json)).values())
    share = prefix + '/share'
    want = [prefix + '/bin/ntmkiosk',
            share + '/ntmkiosk/content/topics.tsv',
            share + '/ntmkiosk/content/articles',
            share + '/ntmkiosk/quizzes/banks',
            share + '/ntmkiosk/locales/languages.tsv',
            share + '/man/man1/ntmkiosk.1']
    want += ['%s/locale/%s/LC_MESSAGES/ntmkiosk.mo' % (share, l) for l in linguas.split()]
    for w in want:
        hit = any(d == w or d.startswith(w + '/') for d in dests)
        expect(hit, 'meson install puts %s where the man page says' % w)


# --- commands in the guides ------------------------------------------------

def cmd_docs(help_path, files):
    cmds, opts = parse_help(help_path)
    names = {n for n, _ in cmds}
    opts = set(opts) | {'--help', '--version'}
    for f in files:
        text = open(f, encoding='utf-8').read()
        code = re.findall(r'```[a-z]*\n(.*?)```', text, re.S) + re.findall(r'`([^`\n]+)`', text)
        bad_here = []
        count = 0
        for chunk in code:
            for m in re.finditer(r'(?:^|[\s;|(])ntmkiosk((?:[ \t]+[^\s;|)]+)*)', chunk, re.M):
                words = m.group(1).split()
                # "runuser -u ntmkiosk -- ntmkiosk ...": the first is the user.
                if words[:2] == ['--', 'ntmkiosk']:
                    words = words[2:]
                # "ntmkiosk …" stands for any command.
                words = [w for w in words if '…' not in w]
                if not words or words[0] == '--':
                    continue
                count += 1
                first = next((w for w in words if not w.startswith('-')), None)
                if words[0].startswith('--') and words[0] not in opts:
                    bad_here.append(words[0])
                elif not words[0].startswith('-') and first not in names:
                    bad_here.append(first)
                bad_here += [w.split('=')[0] for w in words
                             if w.startswith('--') and w.split('=')[0] not in opts]
        expect(not bad_here, '%s: %d ntmkiosk command lines use real commands and options%s'
               % (os.path.basename(f), count, ' (not: %s)' % ', '.join(sorted(set(bad_here)))
                  if bad_here else ''))


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == 'unit' and len(args) == 3:
        cmd_unit(*args)
    elif cmd == 'udev' and len(args) == 1:
        cmd_udev(*args)
    elif cmd == 'conf' and len(args) >= 3:
        cmd_conf(args[0], args[1], args[2:])
    elif cmd == 'man' and len(args) == 3:
        cmd_man(*args)
    elif cmd == 'installed' and len(args) == 3:
        cmd_installed(*args)
    elif cmd == 'docs' and len(args) >= 2:
        cmd_docs(args[0], args[1:])
    else:
        sys.exit(__doc__)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
