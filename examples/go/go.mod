module kehoach.example/portal

go 1.19
