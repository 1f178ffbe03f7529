// libserialport for Swift: the real serial ports and their USB details.
#ifndef KC_SERIAL_PORT_SHIM_H
#define KC_SERIAL_PORT_SHIM_H

#include <libserialport.h>

#endif
