(module
  (type (;0;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func (param i32 i32) (result i32)))
  (type (;3;) (func (param i32 i32 i32) (result i32)))
  (type (;4;) (func (param i32 i32 i32 i32) (result i32)))
  (type (;5;) (func (param i32 i32 i32 i32 i32) (result i32)))
  (type (;6;) (func (param i32 i32 i32 i32 i32 i32) (result i32)))
  (type (;7;) (func (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory (;0;) 1))
  (import "env" "table" (table (;0;) 1 funcref))
  (import "env" "module_data" (global (;0;) i32))
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (export "run" (func 15))
  (func (;0;) (type 0) (param i32 i32 i32 i32) (result i32)
    local.get 0
    local.get 1
    local.get 2
    local.get 3
    i32.const 2
    i32.shr_u
    i32.const 262143
    i32.and
    local.get 3
    i32.const 20
    i32.shr_u
    return_call_indirect (type 0)
  )
  (func (;15;) (type 0) (param i32 i32 i32 i32) (result i32)
    (local i32 i32 i32 i32 i64 f64 i32 i32 i32)
    block ;; label = @1
      block ;; label = @2
        block ;; label = @3
          local.get 3
          global.set 1
          loop ;; label = @4
            block ;; label = @5
              block ;; label = @6
                global.get 1
                local.set 3
                block ;; label = @7
                  block ;; label = @8
                    block ;; label = @9
                      block ;; label = @10
                        block ;; label = @11
                          block ;; label = @12
                            local.get 3
                            br_table 7 (;@5;) 7 (;@5;) 0 (;@12;) 7 (;@5;) 7 (;@5;) 7 (;@5;) 7 (;@5;) 7 (;@5;) 1 (;@11;) 7 (;@5;) 7 (;@5;) 7 (;@5;) 2 (;@10;) 7 (;@5;) 7 (;@5;) 7 (;@5;) 3 (;@9;) 7 (;@5;) 7 (;@5;) 7 (;@5;) 4 (;@8;) 7 (;@5;) 5 (;@7;) 7 (;@5;)
                          end
                          block ;; label = @12
                            local.get 1
                            local.get 1
                            i32.load offset=8
                            i32.const 1
                            i32.sub
                            local.tee 7
                            i32.store offset=8
                            local.get 7
                            i32.const 1
                            i32.lt_s
                            if ;; label = @13
                              i32.const 8
                              global.set 2
                              br 10 (;@3;)
                            end
                            local.get 0
                            i32.load offset=24
                            local.set 5
                            local.get 5
                            i32.const 15
                            i32.and
                            i32.const 15
                            i32.ne
                            br_if 0 (;@12;)
                            local.get 5
                            i32.const 4
                            i32.shr_s
                            local.set 4
                            local.get 4
                            i32.const 1
                            i32.sub
                            local.set 3
                            block ;; label = @13
                              block ;; label = @14
                                block ;; label = @15
                                  local.get 3
                                  br_table 0 (;@15;) 1 (;@14;) 2 (;@13;) 3 (;@12;)
                                end
                                global.get 0
                                i32.load offset=24
                                local.set 4
                                local.get 0
                                local.get 4
                                i32.store offset=24
                                br 8 (;@6;)
                              end
                              global.get 0
                              i32.load offset=20
                              local.set 4
                              local.get 0
                              local.get 4
                              i32.store offset=24
                              br 7 (;@6;)
                            end
                            global.get 0
                            i32.load offset=16
                            local.set 4
                            local.get 0
                            local.get 4
                            i32.store offset=24
                            br 6 (;@6;)
                          end
                          global.get 0
                          i32.load offset=28
                          local.set 4
                          local.get 0
                          local.get 4
                          i32.store offset=24
                          br 5 (;@6;)
                        end
                        local.get 1
                        local.get 1
                        i32.load offset=8
                        i32.const 1
                        i32.sub
                        local.tee 7
                        i32.store offset=8
                        local.get 7
                        i32.const 1
                        i32.lt_s
                        if ;; label = @11
                          i32.const 32
                          global.set 2
                          br 8 (;@3;)
                        end
                        local.get 0
                        i32.load offset=24
                        local.set 4
                        local.get 0
                        i32.load offset=28
                        local.set 5
                        local.get 4
                        local.get 5
                        i32.and
                        i32.const 15
                        i32.and
                        i32.const 15
                        i32.eq
                        if ;; label = @11
                          local.get 4
                          local.get 5
                          i32.lt_s
                          local.set 11
                        else
                          local.get 0
                          local.get 4
                          local.get 5
                          local.get 2
                          call 6
                          i32.const 0
                          i32.lt_s
                          local.set 11
                        end
                        local.get 11
                        i32.eqz
                        if ;; label = @11
                          local.get 0
                          i32.load offset=24
                          local.set 4
                          local.get 0
                          i32.load offset=28
                          local.set 5
                          local.get 4
                          local.get 5
                          i32.eq
                          if ;; label = @12
                            i32.const 1
                            local.set 11
                          else
                            local.get 4
                            i32.const 3
                            i32.and
                            i32.const 3
                            i32.eq
                            local.get 5
                            i32.const 3
                            i32.and
                            i32.const 3
                            i32.eq
                            i32.or
                            if ;; label = @13
                              i32.const 0
                              local.set 12
                            else
                              local.get 0
                              local.get 4
                              local.get 5
                              local.get 2
                              call 7
                              local.set 12
                            end
                            local.get 12
                            local.set 11
                          end
                          local.get 11
                          i32.eqz
                          if ;; label = @12
                            global.get 0
                            i32.load offset=44
                            local.set 4
                            local.get 0
                            local.get 4
                            i32.store offset=24
                            br 6 (;@6;)
                          else
                            global.get 0
                            i32.load offset=40
                            local.set 4
                            local.get 0
                            local.get 4
                            i32.store offset=24
                            br 6 (;@6;)
                          end
                        else
                          global.get 0
                          i32.load offset=36
                          local.set 4
                          local.get 0
                          local.get 4
                          i32.store offset=24
                          br 5 (;@6;)
                        end
                      end
                      local.get 1
                      local.get 1
                      i32.load offset=8
                      i32.const 1
                      i32.sub
                      local.tee 7
                      i32.store offset=8
                      local.get 7
                      i32.const 1
                      i32.lt_s
                      if ;; label = @10
                        i32.const 48
                        global.set 2
                        br 7 (;@3;)
                      end
                      local.get 0
                      i32.load offset=24
                      local.set 4
                      local.get 4
                      i32.const 63
                      i32.and
                      i32.const 11
                      i32.eq
                      i32.eqz
                      if ;; label = @10
                        local.get 0
                        i32.load offset=24
                        local.set 4
                        local.get 4
                        i32.const 3
                        i32.and
                        i32.const 1
                        i32.eq
                        local.get 4
                        i32.const 59
                        i32.eq
                        i32.or
                        i32.eqz
                        if ;; label = @11
                          global.get 0
                          i32.load offset=28
                          local.set 4
                          local.get 0
                          local.get 4
                          i32.store offset=24
                          br 5 (;@6;)
                        else
                          global.get 0
                          i32.load offset=56
                          local.set 4
                          local.get 0
                          local.get 4
                          i32.store offset=24
                          br 5 (;@6;)
                        end
                      else
                        global.get 0
                        i32.load offset=52
                        local.set 4
                        local.get 0
                        local.get 4
                        i32.store offset=24
                        br 4 (;@6;)
                      end
                    end
                    block ;; label = @9
                      local.get 1
                      local.get 1
                      i32.load offset=8
                      i32.const 1
                      i32.sub
                      local.tee 7
                      i32.store offset=8
                      local.get 7
                      i32.const 1
                      i32.lt_s
                      if ;; label = @10
                        i32.const 64
                        global.set 2
                        br 7 (;@3;)
                      end
                      local.get 0
                      i32.load offset=24
                      local.set 4
                      local.get 4
                      i32.const 3
                      i32.and
                      i32.const 2
                      i32.eq
                      if ;; label = @10
                        local.get 4
                        i32.const 2
                        i32.sub
                        i32.load
                        i32.const 63
                        i32.and
                        local.set 7
                        local.get 7
                        i32.const 0
                        i32.eq
                        local.set 11
                      else
                        i32.const 0
                        local.set 11
                      end
                      local.get 11
                      i32.eqz
                      br_if 0 (;@9;)
                      local.get 0
                      i32.load offset=24
                      local.set 5
                      local.get 5
                      i32.const 3
                      i32.and
                      i32.const 2
                      i32.eq
                      if ;; label = @10
                        local.get 5
                        i32.const 2
                        i32.sub
                        i32.load
                        i32.const 63
                        i32.and
                        local.set 7
                        local.get 7
                        i32.const 0
                        i32.eq
                        local.set 11
                      else
                        i32.const 0
                        local.set 11
                      end
                      local.get 11
                      i32.eqz
                      br_if 0 (;@9;)
                      local.get 5
                      i32.const 2
                      i32.sub
                      i32.load
                      i32.const 6
                      i32.shr_u
                      local.set 4
                      local.get 4
                      i32.const 1
                      i32.sub
                      local.set 3
                      block ;; label = @10
                        block ;; label = @11
                          local.get 3
                          br_table 0 (;@11;) 1 (;@10;) 2 (;@9;)
                        end
                        global.get 0
                        i32.load offset=24
                        local.set 4
                        local.get 0
                        local.get 4
                        i32.store offset=24
                        br 4 (;@6;)
                      end
                      global.get 0
                      i32.load offset=20
                      local.set 4
                      local.get 0
                      local.get 4
                      i32.store offset=24
                      br 3 (;@6;)
                    end
                    i32.const 3
                    global.set 2
                    br 6 (;@2;)
                  end
                  local.get 1
                  local.get 1
                  i32.load offset=8
                  i32.const 1
                  i32.sub
                  local.tee 7
                  i32.store offset=8
                  local.get 7
                  i32.const 1
                  i32.lt_s
                  if ;; label = @8
                    i32.const 80
                    global.set 2
                    br 5 (;@3;)
                  end
                  global.get 0
                  i32.load offset=8
                  local.set 4
                  local.get 0
                  local.get 4
                  i32.store offset=24
                  local.get 0
                  i32.load offset=24
                  local.set 4
                  local.get 0
                  i32.const 157
                  i32.const 1
                  local.get 4
                  i32.const 59
                  i32.const 59
                  local.get 2
                  call 3
                  local.set 4
                  local.get 4
                  i32.eqz
                  if ;; label = @8
                    i32.const 4
                    global.set 2
                    br 7 (;@1;)
                  end
                  local.get 0
                  local.get 4
                  i32.store offset=24
                  br 1 (;@6;)
                end
                local.get 1
                local.get 1
                i32.load offset=8
                i32.const 1
                i32.sub
                local.tee 7
                i32.store offset=8
                local.get 7
                i32.const 1
                i32.lt_s
                if ;; label = @7
                  i32.const 88
                  global.set 2
                  br 4 (;@3;)
                end
                local.get 0
                i32.load offset=24
                local.set 4
                local.get 0
                local.get 4
                i32.store offset=28
                global.get 0
                i32.load offset=8
                local.set 4
                local.get 0
                local.get 4
                i32.store offset=24
                local.get 0
                i32.load offset=24
                local.set 4
                local.get 0
                i32.load offset=28
                local.set 5
                local.get 0
                i32.const 158
                i32.const 2
                local.get 4
                local.get 5
                i32.const 59
                local.get 2
                call 3
                local.set 4
                local.get 4
                i32.eqz
                if ;; label = @7
                  i32.const 5
                  global.set 2
                  br 6 (;@1;)
                end
                local.get 0
                local.get 4
                i32.store offset=24
              end
              local.get 0
              i32.load offset=4120
              local.set 7
              local.get 7
              i32.const -1048576
              i32.and
              global.get 0
              i32.load
              i32.ne
              if ;; label = @6
                local.get 0
                local.get 1
                local.get 2
                local.get 7
                return_call 0
              end
              local.get 7
              i32.const 2
              i32.shr_u
              i32.const 262143
              i32.and
              global.set 1
              br 1 (;@4;)
            end
            unreachable
          end
          unreachable
        end
        local.get 1
        global.get 0
        i32.load
        global.get 2
        i32.or
        i32.store offset=4
        local.get 0
        return
      end
      local.get 0
      i32.const 4
      i32.const 59
      i32.const 0
      local.get 2
      call 5
      drop
    end
    local.get 0
    local.get 1
    local.get 2
    global.get 2
    return_call 1
  )
)
