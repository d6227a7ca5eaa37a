#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Runs the kernel's own ynl-gen-c.py (tools/net/ynl of linux-source-6.12,
# extracted by scripts/regen.sh) with three checks it does not render yet,
# all of which its schema already accepts:
#  - max-len on a binary attribute: { .type = NLA_BINARY, .len = N }, the
#    plain kernel policy for a bounded binary (6.12 raises an exception);
#  - a limit written "name - 1" (the schema's len-or-define): the define
#    less one, e.g. the longest string a NUL_STRING policy allows when the
#    constant counts the NUL (6.12 turns it into "NAME _ 1");
#  - multi-attr strings get NLA_NUL_STRING like single ones (6.12 renders
#    them NLA_STRING, which does not insist on the NUL).
# Usage: ynl-gen.py YNL_DIR ynl-gen-c.py's arguments...
import importlib.util
import os
import sys


def load(ynl_dir):
    path = os.path.join(ynl_dir, 'ynl-gen-c.py')
    sys.path.insert(0, ynl_dir)
    spec = importlib.util.spec_from_file_location('ynl_gen_c', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def extend(gen):
    limit_str = gen.Type.get_limit_str

    def get_limit_str(self, limit, default=None, suffix=''):
        value = self.checks.get(limit, default)
        if isinstance(value, str) and value.endswith(' - 1'):
            base = value[:-len(' - 1')]
            if base in self.family.consts:
                const = self.family.consts[base]
                if const.get('header'):
                    name = gen.c_upper(base)
                else:
                    name = gen.c_upper(f"{self.family['name']}-{base}")
                return f'{name} - 1'
        return limit_str(self, limit, default, suffix)

    gen.Type.get_limit_str = get_limit_str

    binary_policy = gen.TypeBinary._attr_policy

    def binary_attr_policy(self, policy):
        if list(self.checks) == ['max-len']:
            return ('{ .type = NLA_BINARY, .len = ' +
                    self.get_limit_str('max-len') + ', }')
        return binary_policy(self, policy)

    gen.TypeBinary._attr_policy = binary_attr_policy

    multi_policy = gen.TypeMultiAttr.attr_policy

    def multi_attr_policy(self, cw):
        if self.attr['type'] == 'string':
            spec = self._attr_policy('NLA_NUL_STRING')
            cw.p(f"\t[{self.enum_name}] = {spec},")
            return
        multi_policy(self, cw)

    gen.TypeMultiAttr.attr_policy = multi_attr_policy


def main():
    ynl_dir = sys.argv[1]
    gen = load(ynl_dir)
    extend(gen)
    sys.argv = [os.path.join(ynl_dir, 'ynl-gen-c.py')] + sys.argv[2:]
    gen.main()


if __name__ == '__main__':
    main()
