import CKocodeVM
