print("devenv")
