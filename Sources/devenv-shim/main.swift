print("shim")
