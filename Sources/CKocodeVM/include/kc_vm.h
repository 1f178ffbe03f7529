/* The Kocode VM in portable C: the board's interpreter, also built for the
 * host. docs/bytecode.md is its specification. */
#ifndef KC_VM_H
#define KC_VM_H

#include "kc_opcodes.h"

#endif
