#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The tools' libnl attribute policies from the netlink spec, one table per
# attribute set, for parsing what the module sends (replies, dumps,
# notifications, DH requests):
#
#   const struct nla_policy ikev2_<set>_nl_policy[IKEV2_A_<SET>_MAX + 1]
#
# ynl-gen-c.py --mode user writes a client for ynl's own library, not for
# libnl, hence this. The spec's checks map to libnl's fields: max-len of a
# binary is maxlen, min-len minlen; a string's max-len counts the
# characters (the kernel's NUL_STRING length), libnl's maxlen the NUL too.
#
# usage: nl-policy-gen.py SPEC OUT   (writes OUT.h and OUT.c)
import os
import sys

import yaml

SCALARS = {'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64'}


def c_upper(name):
    return name.upper().replace('-', '_')


def c_lower(name):
    return name.lower().replace('-', '_')


class Gen:
    def __init__(self, spec):
        self.spec = spec
        self.fam = spec['name']
        self.consts = {d['name']: d for d in spec.get('definitions', [])}

    def limit(self, value, plus=0):
        """A check's value as C: a number, or a constant of the UAPI."""
        if isinstance(value, int):
            return str(value + plus)
        minus = 0
        if value.endswith(' - 1'):
            value = value[:-len(' - 1')]
            minus = 1
        if value not in self.consts:
            raise Exception(f'unknown constant {value}')
        name = c_upper(f'{self.fam}-{value}')
        if plus - minus:
            return f'{name} {"+" if plus > minus else "-"} {abs(plus - minus)}'
        return name

    def entry(self, attr):
        t = attr['type']
        checks = attr.get('checks', {})
        if t in SCALARS:
            return f'{{ .type = NLA_{c_upper(t)} }}'
        if t == 'flag':
            return '{ .type = NLA_FLAG }'
        if t == 'nest':
            return '{ .type = NLA_NESTED }'
        if t == 'string':
            mem = '{ .type = NLA_STRING'
            if 'max-len' in checks:
                mem += ', .maxlen = ' + self.limit(checks['max-len'], 1)
            return mem + ' }'
        if t == 'binary':
            mem = []
            if 'exact-len' in checks:
                mem.append('.minlen = ' + self.limit(checks['exact-len']))
                mem.append('.maxlen = ' + self.limit(checks['exact-len']))
            if 'min-len' in checks:
                mem.append('.minlen = ' + self.limit(checks['min-len']))
            if 'max-len' in checks:
                mem.append('.maxlen = ' + self.limit(checks['max-len']))
            if not mem:
                return '{ .type = NLA_UNSPEC }'
            return '{ ' + ', '.join(mem) + ' }'
        if t == 'pad':
            return None
        raise Exception(f'{attr["name"]}: type {t} not handled')

    def sets(self):
        for aset in self.spec['attribute-sets']:
            name = aset['name']
            prefix = c_upper(f'{self.fam}-a-{name}-')
            yield (f'{c_lower(self.fam)}_{c_lower(name)}_nl_policy',
                   f'{prefix}MAX', prefix, aset['attributes'])

    def header(self, out):
        guard = '_' + c_upper(self.fam) + '_NL_POLICY_GEN_H'
        out.write(f'#ifndef {guard}\n#define {guard}\n\n')
        out.write('#include <netlink/attr.h>\n')
        out.write(f'#include <linux/{self.fam}.h>\n\n')
        for var, maxname, _, _ in self.sets():
            out.write(f'extern const struct nla_policy {var}[{maxname} + 1];\n')
        out.write(f'\n#endif /* {guard} */\n')

    def source(self, out, hname):
        out.write(f'#include "{hname}"\n')
        for var, maxname, prefix, attrs in self.sets():
            out.write(f'\nconst struct nla_policy {var}[{maxname} + 1] = {{\n')
            for attr in attrs:
                mem = self.entry(attr)
                if mem:
                    out.write(f'\t[{prefix}{c_upper(attr["name"])}] = {mem},\n')
            out.write('};\n')


def banner(spec_rel, kind, comment):
    return (f'{comment}\n/* Do not edit directly, auto-generated from: */\n'
            f'/*\t{spec_rel} */\n/* nl-policy-gen {kind} */\n\n')


def main():
    spec_path, out = sys.argv[1], sys.argv[2]
    with open(spec_path) as f:
        spec = yaml.safe_load(f)
    gen = Gen(spec)
    rel = 'Documentation/netlink/specs/' + os.path.basename(spec_path)
    hname = os.path.basename(out) + '.h'
    with open(out + '.h', 'w') as f:
        f.write(banner(rel, 'header',
                       '/* SPDX-License-Identifier: GPL-2.0 */'))
        gen.header(f)
    with open(out + '.c', 'w') as f:
        f.write(banner(rel, 'source', '// SPDX-License-Identifier: GPL-2.0'))
        gen.source(f, hname)


if __name__ == '__main__':
    main()
