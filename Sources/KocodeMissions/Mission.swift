import KocodeVM
