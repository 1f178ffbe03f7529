#include "kc_vm.h"
